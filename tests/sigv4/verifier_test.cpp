// Verifier tests on golden requests signed by botocore 1.43.11 (fixtures in
// verifier_fixtures.hpp): POST, session token, presigned URL, tampering, and the signature
// checks (Host must be signed, malformed query escapes).
#include "sigv4/verifier.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"
#include "tests/sigv4/verifier_fixtures.hpp"

using namespace localiam;
using namespace localiam::sigv4;
using namespace localiam::sigv4::verifier_fixtures;

TEST_CASE("botocore POST fixture verifies and matches botocore's canonical request", "[sigv4]") {
  HttpRequest req = botocore_post();
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  REQUIRE(auth.ok());
  CHECK_FALSE(auth->presigned);
  CHECK(auth->access_key_id == "AKIAIOSFODNN7EXAMPLE");
  CHECK(auth->scope_date == "20260115");
  CHECK(auth->region == "us-east-1");
  CHECK(auth->service == "sts");
  CHECK(auth->terminator == "aws4_request");
  CHECK(auth->signed_headers == std::vector<std::string>{"content-type", "host", "x-amz-date"});
  CHECK(auth->signature == "f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089");
  CHECK(auth->amz_date == kBotoDate);
  CHECK(auth->request_time == boto_now());
  CHECK(auth->security_token.empty());

  // botocore's own SigV4Auth.canonical_request() / string_to_sign() output for this request.
  Result<std::string> creq = canonical_request(view, *auth);
  REQUIRE(creq.ok());
  CHECK(*creq ==
        "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\n"
        "host:127.0.0.1:4566\nx-amz-date:20260115T103045Z\n\ncontent-type;host;x-amz-date\n"
        "ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843");
  CHECK(string_to_sign(*auth, *creq) ==
        "AWS4-HMAC-SHA256\n20260115T103045Z\n20260115/us-east-1/sts/aws4_request\n"
        "4281fcab6a77fdd9a37ea16a37ea2be6486685050df24774b79efc0dc89948f6");

  CHECK(check_scope(*auth, boto_now(), true, "sts").ok());
  CHECK(verify_signature(view, *auth, kBotoSecret).ok());
  CHECK(authenticate(req, kBotoSecret, boto_now() + 600).ok());
}

TEST_CASE("botocore POST fixture: tampering is detected", "[sigv4]") {
  SECTION("body byte") {
    HttpRequest r = botocore_post();
    r.body[7] = 'X';
    Status s = authenticate(r, kBotoSecret, boto_now());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "SignatureDoesNotMatch");
    CHECK(s.error().message == kMismatch);
    CHECK(s.error().http_status == 403);
  }
  SECTION("signed header") {
    HttpRequest r = botocore_post();
    *header_ref(r, "Host") = "127.0.0.1:4567";
    CHECK_FALSE(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("signature") {
    HttpRequest r = botocore_post();
    header_ref(r, "Authorization")->back() = '8';
    CHECK_FALSE(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("secret") { CHECK_FALSE(authenticate(botocore_post(), "wrong", boto_now()).ok()); }
  SECTION("unsigned headers may change") {
    HttpRequest r = botocore_post();
    *header_ref(r, "User-Agent") = "other";
    *header_ref(r, "Content-Length") = "44";
    r.headers.emplace_back("X-Forwarded-For", "10.0.0.1");
    CHECK(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("header names arrive in any case and order") {
    HttpRequest r = botocore_post();
    for (auto& [k, v] : r.headers)
      for (char& c : k) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    std::reverse(r.headers.begin(), r.headers.end());
    CHECK(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("uppercase signature hex is refused") {
    HttpRequest r = botocore_post();
    std::string* a = header_ref(r, "Authorization");
    size_t at = a->find("Signature=") + 10;
    for (size_t i = at; i < a->size(); ++i)
      if ((*a)[i] >= 'a' && (*a)[i] <= 'f') (*a)[i] = static_cast<char>((*a)[i] - 32);
    CHECK_FALSE(authenticate(r, kBotoSecret, boto_now()).ok());
  }
}

TEST_CASE("botocore POST fixture with a session token", "[sigv4]") {
  HttpRequest req = botocore_post_with_token();
  Result<ParsedAuth> auth = parse_authorization(view_of(req));
  REQUIRE(auth.ok());
  CHECK(auth->access_key_id == "ASIAIOSFODNN7EXAMPLE");
  CHECK(auth->security_token == kBotoToken);
  CHECK(authenticate(req, kBotoSecret, boto_now()).ok());

  *header_ref(req, "X-Amz-Security-Token") = "FwoGZXIvYXdzEBYaDH+token/with=charz";
  Status s = authenticate(req, kBotoSecret, boto_now());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "SignatureDoesNotMatch");
}

TEST_CASE("botocore presigned URL fixture", "[sigv4]") {
  HttpRequest req = botocore_presigned();
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  REQUIRE(auth.ok());
  CHECK(auth->presigned);
  CHECK(auth->access_key_id == "ASIAIOSFODNN7EXAMPLE");
  CHECK(auth->scope_date == "20260115");
  CHECK(auth->region == "us-east-1");
  CHECK(auth->service == "sts");
  CHECK(auth->terminator == "aws4_request");
  CHECK(auth->signed_headers == std::vector<std::string>{"host"});
  CHECK(auth->signature == "2fd05b89b856ef319117a159abf264f4c10a4888aecb11a38dcf5ba90d3b11d8");
  CHECK(auth->amz_date == kBotoDate);
  CHECK(auth->security_token == kBotoToken);

  Result<std::string> creq = canonical_request(view, *auth);
  REQUIRE(creq.ok());
  CHECK(*creq ==
        "GET\n/\nAction=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&"
        "X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20260115%2Fus-east-1%2Fsts%2Faws4_request&"
        "X-Amz-Date=20260115T103045Z&X-Amz-Expires=60&"
        "X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH%2Btoken%2Fwith%3Dchars&"
        "X-Amz-SignedHeaders=host\nhost:127.0.0.1:4566\n\nhost\n" +
            std::string(kEmptyPayloadSha256));

  CHECK(authenticate(req, kBotoSecret, boto_now()).ok());
  // X-Amz-Expires is ignored by IAM/STS: the fixed ±15 minute window applies.
  CHECK(authenticate(req, kBotoSecret, boto_now() + 900).ok());
  Status late = authenticate(req, kBotoSecret, boto_now() + 901);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().message ==
        "Signature expired: 20260115T103045Z is now earlier than 20260115T103046Z "
        "(20260115T104546Z - 15 min.)");

  SECTION("a changed operation parameter fails") {
    HttpRequest r = req;
    r.target.replace(r.target.find("GetCallerIdentity"), 17, "GetSessionToken00");
    CHECK_FALSE(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("an added parameter fails") {
    HttpRequest r = req;
    r.target += "&DurationSeconds=900";
    CHECK_FALSE(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("parameter order does not matter") {
    HttpRequest r = req;
    r.target =
        "/?X-Amz-Signature=2fd05b89b856ef319117a159abf264f4c10a4888aecb11a38dcf5ba90d3b11d8"
        "&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&Action=GetCallerIdentity"
        "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20260115%2Fus-east-1%2Fsts%2Faws4_request"
        "&X-Amz-Date=20260115T103045Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
        "&X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH%2Btoken%2Fwith%3Dchars";
    CHECK(authenticate(r, kBotoSecret, boto_now()).ok());
  }
  SECTION("header and query authentication together are refused") {
    HttpRequest r = botocore_post();
    r.target = kPresignedTarget;
    Status s = authenticate(r, kBotoSecret, boto_now());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "SignatureDoesNotMatch");
  }
}

TEST_CASE("verify_signature requires Host to be signed", "[sigv4]") {
  HttpRequest req = botocore_post();
  *header_ref(req, "Authorization") =
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
      "SignedHeaders=content-type;x-amz-date, "
      "Signature=f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089";
  Status s = authenticate(req, kBotoSecret, boto_now());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "SignatureDoesNotMatch");
  CHECK(s.error().message ==
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST_CASE("verify_signature reports a malformed query escape", "[sigv4]") {
  HttpRequest req = botocore_post();
  ParsedAuth auth = parse_authorization(view_of(req)).value();
  struct QueryCase {
    const char* target;
    const char* message;
  };
  const QueryCase cases[] = {
      {"/?a=%4", "Incomplete trailing escape % sequence"},
      {"/?a=b%", "Incomplete trailing escape % sequence"},
      {"/?a%zz=b", "Illegal hex character in escape % pattern: %zz"},
      {"/?a=%4g", "Illegal hex character in escape % pattern: %4g"},
  };
  for (const QueryCase& c : cases) {
    req.target = c.target;
    Status s = verify_signature(view_of(req), auth, kBotoSecret);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "MalformedQueryString");
    CHECK(s.error().message == c.message);
  }
}
