// The SigV4 verifier is service-neutral: a request signed for S3 or DynamoDB parses, passes
// check_scope for its own service and verifies; checked against "iam" (what the IAM/STS route
// asks) it gets the error it always got. (AWS's own suite, with service "service", runs in
// aws_testsuite_test.cpp.)
#include <catch2/catch.hpp>
#include <string>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

RequestView view_of(const HttpRequest& req) {
  return RequestView{req.method, req.path(), req.query(), &req.headers, req.body};
}

SigningParams params(std::string service) {
  SigningParams p;
  p.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  p.secret_access_key = kSecret;
  p.region = "eu-west-3";
  p.service = std::move(service);
  p.epoch_seconds = *parse_amz_date("20260115T103045Z");
  return p;
}

HttpRequest s3_get() {
  HttpRequest r;
  r.method = "GET";
  r.target = "/my-bucket/photos/2026/a%20b.jpg?versionId=3&list-type=2";
  r.headers = {
      {"Host", "127.0.0.1:4566"},
      {"x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}};
  return r;
}

HttpRequest dynamodb_post() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Host", "127.0.0.1:4566"},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  r.body = R"({"Limit":10})";
  return r;
}

}  // namespace

TEST_CASE("the verifier verifies requests signed for services other than IAM and STS", "[sigv4]") {
  for (auto [service, request] : {std::pair{"s3", s3_get()}, {"dynamodb", dynamodb_post()}}) {
    CAPTURE(service);
    const SigningParams p = params(service);
    sign_request(request, p);
    Result<ParsedAuth> auth = parse_authorization(view_of(request));
    REQUIRE(auth.ok());
    CHECK(auth->service == service);
    CHECK(auth->region == "eu-west-3");
    CHECK(check_scope(*auth, p.epoch_seconds, true, service).ok());
    CHECK(verify_signature(view_of(request), *auth, kSecret).ok());

    // The signature still covers everything: another secret or a changed request fails.
    CHECK(verify_signature(view_of(request), *auth, "another secret").error().code ==
          "SignatureDoesNotMatch");
    HttpRequest changed = request;
    changed.target += "&x=1";
    CHECK(verify_signature(view_of(changed), *auth, kSecret).error().code ==
          "SignatureDoesNotMatch");

    // What the IAM/STS route asks: the scope must name its service, with AWS's sentence.
    Status as_iam = check_scope(*auth, p.epoch_seconds, true, "iam");
    REQUIRE_FALSE(as_iam.ok());
    CHECK(as_iam.error().code == "SignatureDoesNotMatch");
    CHECK(as_iam.error().message.find("Credential should be scoped to correct service: 'iam'. ") !=
          std::string::npos);
  }
}
