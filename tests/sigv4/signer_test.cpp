// Signer tests: sign_request() must reproduce botocore's Authorization header byte for byte
// (goldens from botocore 1.43.11, clock fixed at 2026-01-15T10:30:45Z) and produce requests
// that the verifier accepts.
#include "sigv4/signer.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/verifier.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

HttpRequest sts_post() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"Host", "127.0.0.1:4566"}};
  r.body = "Action=GetCallerIdentity&Version=2011-06-15";
  return r;
}

SigningParams params(std::string key_id, std::string token = "") {
  SigningParams p;
  p.access_key_id = std::move(key_id);
  p.secret_access_key = kSecret;
  p.session_token = std::move(token);
  p.region = "us-east-1";
  p.service = "sts";
  p.epoch_seconds = *parse_amz_date("20260115T103045Z");
  return p;
}

RequestView view_of(const HttpRequest& req) {
  RequestView v;
  v.method = req.method;
  v.path = req.path();
  v.query = req.query();
  v.headers = &req.headers;
  v.body = req.body;
  return v;
}

Status authenticate(const HttpRequest& req, const SigningParams& p) {
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  if (!auth.ok()) return auth.error();
  RETURN_IF_ERROR(check_scope(*auth, p.epoch_seconds, true, p.service));
  return verify_signature(view, *auth, p.secret_access_key);
}

}  // namespace

TEST_CASE("sign_request matches botocore's SigV4Auth", "[sigv4]") {
  SECTION("long-term credentials") {
    HttpRequest r = sts_post();
    sign_request(r, params("AKIAIOSFODNN7EXAMPLE"));
    REQUIRE(r.header("X-Amz-Date") != nullptr);
    CHECK(*r.header("X-Amz-Date") == "20260115T103045Z");
    CHECK(r.header("X-Amz-Security-Token") == nullptr);
    REQUIRE(r.header("Authorization") != nullptr);
    CHECK(*r.header("Authorization") ==
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
          "SignedHeaders=content-type;host;x-amz-date, "
          "Signature=f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089");
  }
  SECTION("session token") {
    HttpRequest r = sts_post();
    sign_request(r, params("ASIAIOSFODNN7EXAMPLE", "FwoGZXIvYXdzEBYaDH+token/with=chars"));
    REQUIRE(r.header("X-Amz-Security-Token") != nullptr);
    CHECK(*r.header("X-Amz-Security-Token") == "FwoGZXIvYXdzEBYaDH+token/with=chars");
    CHECK(*r.header("Authorization") ==
          "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
          "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
          "Signature=c1e0fe384ca6fc5c7bd4225d5a4c8865df5cb0ba9ec4e9ba15c58ab09f5d4923");
  }
  SECTION("user-agent and hop-by-hop headers are not signed") {
    HttpRequest r = sts_post();
    r.headers.emplace_back("User-Agent", "localiam-loadgen/1.0");
    r.headers.emplace_back("Connection", "keep-alive");
    sign_request(r, params("AKIAIOSFODNN7EXAMPLE"));
    CHECK(*r.header("Authorization") ==
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
          "SignedHeaders=content-type;host;x-amz-date, "
          "Signature=f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089");
  }
  SECTION("re-signing replaces the previous signature headers") {
    HttpRequest r = sts_post();
    SigningParams p = params("ASIAIOSFODNN7EXAMPLE", "tok");
    sign_request(r, p);
    p.epoch_seconds += 60;
    sign_request(r, p);
    int count = 0;
    for (const auto& h : r.headers)
      if (header_name_equals(h.first, "Authorization") ||
          header_name_equals(h.first, "X-Amz-Date") ||
          header_name_equals(h.first, "X-Amz-Security-Token"))
        ++count;
    CHECK(count == 3);
    CHECK(*r.header("X-Amz-Date") == "20260115T103145Z");
    CHECK(authenticate(r, p).ok());
  }
}

TEST_CASE("signed requests verify, and changes after signing do not", "[sigv4]") {
  struct Shape {
    const char* name;
    const char* method;
    const char* target;
    HeaderList headers;
    const char* body;
  };
  const Shape shapes[] = {
      {"iam post",
       "POST",
       "/",
       {{"Host", "localhost:4566"}, {"Content-Type", "application/x-www-form-urlencoded"}},
       "Action=CreateUser&UserName=alice&Version=2010-05-08"},
      {"get with query",
       "GET",
       "/?Version=2011-06-15&Action=GetCallerIdentity&Empty=&Flag",
       {{"host", "sts.amazonaws.com"}},
       ""},
      {"odd header spacing and repeats",
       "POST",
       "/a/./b/../c//",
       {{"Host", "h"}, {"X-Custom", "  a   b  "}, {"x-custom", "c"}, {"X-Other", "\"q  r\""}},
       "{}"},
      {"encoded query and path",
       "GET",
       "/p%20q/?k%2Fey=v%20al+ue&%E1%88%B4=~x",
       {{"Host", "h:1"}},
       ""},
  };
  for (const Shape& s : shapes) {
    DYNAMIC_SECTION(s.name) {
      HttpRequest r;
      r.method = s.method;
      r.target = s.target;
      r.headers = s.headers;
      r.body = s.body;
      SigningParams p = params("AKIAIOSFODNN7EXAMPLE", "session-token");
      p.service = "iam";
      sign_request(r, p);
      CHECK(authenticate(r, p).ok());

      HttpRequest body_changed = r;
      body_changed.body += " ";
      CHECK_FALSE(authenticate(body_changed, p).ok());

      HttpRequest header_changed = r;
      header_changed.headers.front().second += "x";
      CHECK_FALSE(authenticate(header_changed, p).ok());

      HttpRequest token_changed = r;
      for (auto& [k, v] : token_changed.headers)
        if (k == "X-Amz-Security-Token") v = "other";
      CHECK_FALSE(authenticate(token_changed, p).ok());

      SigningParams wrong = p;
      wrong.secret_access_key = "x";
      CHECK_FALSE(authenticate(r, wrong).ok());
    }
  }
}

TEST_CASE("a declared X-Amz-Content-Sha256 must match the body", "[sigv4]") {
  HttpRequest r = sts_post();
  r.headers.emplace_back("X-Amz-Content-Sha256",
                         "ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843");
  SigningParams p = params("AKIAIOSFODNN7EXAMPLE");
  sign_request(r, p);
  REQUIRE(r.header("Authorization")->find("x-amz-content-sha256") != std::string::npos);
  CHECK(authenticate(r, p).ok());

  // The canonical request only carries the declared hash, so without the body check this
  // altered body would still verify.
  HttpRequest altered = r;
  altered.body = "Action=CreateUser&UserName=mallory&Version=2010-05-08";
  Status s = authenticate(altered, p);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "SignatureDoesNotMatch");
}
