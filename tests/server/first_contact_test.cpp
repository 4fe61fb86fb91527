#include <catch2/catch.hpp>
#include <string>

#include "api/request_record.hpp"
#include "server/landing_page.hpp"
#include "server/other_services.hpp"
#include "server/request_detail.hpp"
#include "server/token_hint.hpp"

using namespace localiam;
using namespace localiam::server;

namespace {

HttpRequest signed_for(const std::string& service, std::string target = "/",
                       std::string body = "") {
  HttpRequest r;
  r.method = body.empty() ? "GET" : "POST";
  r.target = std::move(target);
  r.body = std::move(body);
  r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + service +
                                     "/aws4_request, SignedHeaders=host, Signature=ab"}};
  return r;
}

}  // namespace

TEST_CASE("the service a request is signed for", "[server]") {
  CHECK(signed_service(signed_for("s3")) == "s3");
  CHECK(signed_service(signed_for("IAM")) == "iam");
  HttpRequest presigned;
  presigned.method = "GET";
  presigned.target =
      "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1"
      "%2Fs3%2Faws4_request&X-Amz-Signature=ab";
  CHECK(signed_service(presigned) == "s3");
  HttpRequest unsigned_request;
  unsigned_request.target = "/?Action=AssumeRoleWithWebIdentity";
  CHECK(signed_service(unsigned_request).empty());
}

TEST_CASE("another service's request gets an error in its own protocol", "[server]") {
  auto s3 = answer_other_service(signed_for("s3"));
  REQUIRE(s3);
  CHECK(s3->status == 400);
  CHECK(s3->body.find("<Error><Code>NotImplemented</Code><Message>localiam serves IAM and STS "
                      "only, not s3.") != std::string::npos);

  HttpRequest kms = signed_for("kms", "/", "{}");
  kms.headers.emplace_back("X-Amz-Target", "TrentService.ListKeys");
  auto json = answer_other_service(kms);
  REQUIRE(json);
  CHECK(json->body.starts_with(
      "{\"__type\":\"UnknownOperationException\",\"message\":\"localiam serves IAM and STS only, "
      "not kms."));

  auto query = answer_other_service(signed_for("sqs", "/", "Action=ListQueues&Version=2012-11-05"));
  REQUIRE(query);
  CHECK(query->body.find("<Code>InvalidAction</Code>") != std::string::npos);

  // IAM and STS, and an IAM action signed for the wrong service, are the dispatcher's.
  CHECK_FALSE(answer_other_service(signed_for("iam", "/", "Action=ListUsers")));
  CHECK_FALSE(answer_other_service(signed_for("sts", "/", "Action=GetCallerIdentity")));
  CHECK_FALSE(answer_other_service(signed_for("s3", "/", "Action=ListUsers&Version=2010-05-08")));
}

TEST_CASE("debug request detail hides secret values", "[server]") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body =
      "Action=CreateLoginProfile&UserName=pat&Password=Sup3r%2Dsecret&PasswordResetRequired=true";
  CHECK(request_detail(r, "r1") ==
        "request r1: Action=CreateLoginProfile UserName=pat Password=(secret, 12 characters) "
        "PasswordResetRequired=true");
  r.body = "Action=AssumeRoleWithWebIdentity&WebIdentityToken=a.b.c";
  CHECK(request_detail(r, "r2") ==
        "request r2: Action=AssumeRoleWithWebIdentity WebIdentityToken=(secret, 5 characters)");
}

TEST_CASE("a web identity token with a newline is explained", "[server]") {
  api::RequestRecord record;
  record.action = "AssumeRoleWithWebIdentity";
  record.error_code = "InvalidIdentityToken";
  record.request_id = "r1";
  HttpRequest r;
  r.body = "Action=AssumeRoleWithWebIdentity&WebIdentityToken=a.b.c%0A&RoleSessionName=x";
  CHECK(token_whitespace_hint(r, record).find("ends with white space") != std::string::npos);
  r.body = "Action=AssumeRoleWithWebIdentity&WebIdentityToken=a.b.c&RoleSessionName=x";
  CHECK(token_whitespace_hint(r, record).empty());
  record.error_code = "ExpiredTokenException";
  r.body = "Action=AssumeRoleWithWebIdentity&WebIdentityToken=a.b.c%0A";
  CHECK(token_whitespace_hint(r, record).empty());
}

TEST_CASE("only a plain GET / is the landing page", "[server]") {
  HttpRequest r;
  r.method = "GET";
  r.target = "/";
  CHECK(is_landing_request(r));
  r.headers = {{"Accept", "application/json"}};
  ServerFacts facts{"1.2.3", "verify", "/tmp/x.db", "http://127.0.0.1:4566", "token", false};
  HttpResponse json = landing_page(facts, r);
  CHECK(json.content_type == "application/json");
  CHECK(
      json.body.starts_with("{\"service\":\"localiam\",\"serves\":[\"iam\",\"sts\"],\"version\":"
                            "\"1.2.3\",\"auth\":\"verify\",\"data\":\"/tmp/x.db\""));
  r.headers.clear();
  CHECK(landing_page(facts, r).content_type.starts_with("text/html"));
  r.target = "/?Action=GetCallerIdentity";
  CHECK_FALSE(is_landing_request(r));
  r.target = "/";
  r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=x"}};
  CHECK_FALSE(is_landing_request(r));
}
