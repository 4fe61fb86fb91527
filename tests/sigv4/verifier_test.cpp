// Verifier tests: golden requests signed by botocore 1.43.11 (SigV4Auth / SigV4QueryAuth with
// the clock fixed at 2026-01-15T10:30:45Z), every parse and scope error message, the clock-skew
// window, presigned URLs, and hostile input that must be rejected without crashing (parse errors:
// parse_authorization_test.cpp).
#include "sigv4/verifier.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr const char* kMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// --- botocore fixtures -------------------------------------------------------------------
// Generated with botocore 1.43.11 as a signing oracle:
//   AWSRequest(method="POST", url="http://127.0.0.1:4566/",
//              data="Action=GetCallerIdentity&Version=2011-06-15",
//              headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
//   SigV4Auth(Credentials(kBotoKeyId, kBotoSecret[, kBotoToken]), "sts", "us-east-1").add_auth()
// then .prepare(); urllib3 adds "Host: 127.0.0.1:4566" when sending.
constexpr const char* kBotoSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kBotoToken = "FwoGZXIvYXdzEBYaDH+token/with=chars";
constexpr const char* kBotoDate = "20260115T103045Z";
constexpr const char* kBotoBody = "Action=GetCallerIdentity&Version=2011-06-15";

HttpRequest botocore_post() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {
      {"Host", "127.0.0.1:4566"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux"},
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"X-Amz-Date", "20260115T103045Z"},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date, "
       "Signature=f8cd37cee5cc0ffa37822be43aac0acd29657bd5ea029df2176952fab94cc089"},
      {"amz-sdk-invocation-id", "5f0c3a4e-1d0b-4f8e-9a55-0d7c1e3c2b11"},
      {"amz-sdk-request", "attempt=1"},
      {"Content-Length", "43"},
  };
  r.body = kBotoBody;
  return r;
}

HttpRequest botocore_post_with_token() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {
      {"Host", "127.0.0.1:4566"},
      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
      {"X-Amz-Date", "20260115T103045Z"},
      {"X-Amz-Security-Token", kBotoToken},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20260115/us-east-1/sts/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
       "Signature=c1e0fe384ca6fc5c7bd4225d5a4c8865df5cb0ba9ec4e9ba15c58ab09f5d4923"},
      {"Content-Length", "43"},
  };
  r.body = kBotoBody;
  return r;
}

// SigV4QueryAuth(Credentials(kBotoKeyId "ASIA…", kBotoSecret, kBotoToken), "sts", "us-east-1",
// expires=60) on AWSRequest(method="GET", url="http://127.0.0.1:4566/",
// params={"Action": "GetCallerIdentity", "Version": "2011-06-15"}).
constexpr const char* kPresignedTarget =
    "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20260115%2Fus-east-1%2Fsts%2Faws4_request"
    "&X-Amz-Date=20260115T103045Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
    "&X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH%2Btoken%2Fwith%3Dchars"
    "&X-Amz-Signature=2fd05b89b856ef319117a159abf264f4c10a4888aecb11a38dcf5ba90d3b11d8";

HttpRequest botocore_presigned() {
  HttpRequest r;
  r.method = "GET";
  r.target = kPresignedTarget;
  r.headers = {{"Host", "127.0.0.1:4566"}, {"User-Agent", "python-urllib3/2.0"}};
  return r;
}

int64_t boto_now() { return *parse_amz_date(kBotoDate); }

RequestView view_of(const HttpRequest& req) {
  RequestView v;
  v.method = req.method;
  v.path = req.path();
  v.query = req.query();
  v.headers = &req.headers;
  v.body = req.body;
  return v;
}

// The whole pipeline as the server runs it (minus the key lookup).
Status authenticate(const HttpRequest& req, std::string_view secret, int64_t now,
                    std::string_view service = "sts") {
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  if (!auth.ok()) return auth.error();
  RETURN_IF_ERROR(check_scope(*auth, now, true, service));
  return verify_signature(view, *auth, secret);
}

std::string* header_ref(HttpRequest& r, std::string_view name) {
  for (auto& [k, v] : r.headers)
    if (header_name_equals(k, name)) return &v;
  return nullptr;
}

}  // namespace

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

TEST_CASE("check_scope reports scope problems with AWS's sentences", "[sigv4]") {
  ParsedAuth base;
  base.access_key_id = "AKID";
  base.scope_date = "20150830";
  base.region = "us-east-1";
  base.service = "sts";
  base.terminator = "aws4_request";
  base.amz_date = "20150830T123600Z";
  base.request_time = *parse_amz_date(base.amz_date);
  const int64_t now = base.request_time;

  struct ScopeCase {
    const char* name;
    void (*mutate)(ParsedAuth&);
    const char* service;
    const char* message;  // nullptr: accepted
  };
  const std::vector<ScopeCase> cases = {
      {"valid", [](ParsedAuth&) {}, "sts", nullptr},
      {"any region", [](ParsedAuth& a) { a.region = "ap-southeast-7"; }, "sts", nullptr},
      {"wrong service", [](ParsedAuth&) {}, "iam",
       "Credential should be scoped to correct service: 'iam'. "},
      {"service case matters", [](ParsedAuth& a) { a.service = "STS"; }, "sts",
       "Credential should be scoped to correct service: 'sts'. "},
      {"bad terminator", [](ParsedAuth& a) { a.terminator = "aws5_request"; }, "sts",
       "Credential should be scoped with a valid terminator: 'aws4_request', not "
       "'aws5_request'. "},
      {"invalid region", [](ParsedAuth& a) { a.region = "US East"; }, "sts",
       "Credential should be scoped to a valid region, not 'US East'. "},
      {"empty region", [](ParsedAuth& a) { a.region = ""; }, "sts",
       "Credential should be scoped to a valid region, not ''. "},
      {"scope date differs", [](ParsedAuth& a) { a.scope_date = "20150829"; }, "sts",
       "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
       "HTTP: '20150829' != '20150830', from '20150830T123600Z'."},
      {"everything wrong at once",
       [](ParsedAuth& a) {
         a.region = "c";
         a.region += "!";
         a.terminator = "e";
         a.scope_date = "b";
       },
       "iam",
       "Credential should be scoped to a valid region, not 'c!'. Credential should be scoped to "
       "correct service: 'iam'. Credential should be scoped with a valid terminator: "
       "'aws4_request', not 'e'. Date in Credential scope does not match YYYYMMDD from ISO-8601 "
       "version of date from HTTP: 'b' != '20150830', from '20150830T123600Z'."},
      {"extended-format date is compared in basic format",
       [](ParsedAuth& a) {
         a.amz_date = "2015-08-30T12:36:00Z";
         a.scope_date = "20150831";
       },
       "sts",
       "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
       "HTTP: '20150831' != '20150830', from '2015-08-30T12:36:00Z'."},
  };
  for (const ScopeCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      ParsedAuth a = base;
      c.mutate(a);
      Status s = check_scope(a, now, true, c.service);
      if (c.message == nullptr) {
        CHECK(s.ok());
      } else {
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "SignatureDoesNotMatch");
        CHECK(s.error().http_status == 403);
        CHECK(s.error().message == c.message);
      }
    }
  }
}

TEST_CASE("check_scope enforces a ±15 minute clock skew window", "[sigv4]") {
  ParsedAuth a;
  a.scope_date = "20150830";
  a.region = "us-east-1";
  a.service = "iam";
  a.terminator = "aws4_request";
  a.amz_date = "20150830T123600Z";
  a.request_time = *parse_amz_date(a.amz_date);
  const int64_t t = a.request_time;

  CHECK(check_scope(a, t, true, "iam").ok());
  CHECK(check_scope(a, t + 900, true, "iam").ok());
  CHECK(check_scope(a, t - 900, true, "iam").ok());

  Status old = check_scope(a, t + 901, true, "iam");
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().code == "SignatureDoesNotMatch");
  CHECK(old.error().message ==
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
        "(20150830T125101Z - 15 min.)");

  Status early = check_scope(a, t - 901, true, "iam");
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == "SignatureDoesNotMatch");
  CHECK(early.error().message ==
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z "
        "(20150830T122059Z + 15 min.)");

  // Skew is checked before the scope; without the skew check only the scope counts.
  CHECK(check_scope(a, t + 86400 * 365, false, "iam").ok());
  Status both = check_scope(a, t + 901, true, "sts");
  REQUIRE_FALSE(both.ok());
  CHECK(both.error().message.rfind("Signature expired: ", 0) == 0);
}

TEST_CASE("the Date header is accepted in RFC 1123 and extended ISO-8601 forms", "[sigv4]") {
  // Signatures computed independently (Python hmac/hashlib) for GET / with
  // SignedHeaders=date;host and the AWS test-suite credentials; the string to sign carries the
  // basic-format timestamp 20150830T123600Z in both cases.
  struct DateCase {
    const char* date;
    const char* signature;
  };
  const DateCase cases[] = {
      {"Sun, 30 Aug 2015 12:36:00 GMT",
       "1262aceaf1a79c7f0b69fda81cd744572fcbe2e4c23b647b4de183cd5a0f1075"},
      {"2015-08-30T12:36:00Z", "58374e5924863a0dd25992a04ec0e22a84712be79a7924ab350c4159de07fa31"},
  };
  for (const DateCase& c : cases) {
    HttpRequest req;
    req.method = "GET";
    req.target = "/";
    req.headers = {
        {"Host", "example.amazonaws.com"},
        {"Date", c.date},
        {"Authorization", std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                                      "service/aws4_request, SignedHeaders=date;host, Signature=") +
                              c.signature}};
    Result<ParsedAuth> auth = parse_authorization(view_of(req));
    REQUIRE(auth.ok());
    CHECK(auth->amz_date == c.date);
    CHECK(auth->request_time == *parse_amz_date("20150830T123600Z"));
    CHECK(check_scope(*auth, auth->request_time, true, "service").ok());
    CHECK(verify_signature(view_of(req), *auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").ok());
  }
  // X-Amz-Date wins over Date.
  HttpRequest req;
  req.headers = {{"Date", "Sun, 30 Aug 2015 12:36:00 GMT"},
                 {"X-Amz-Date", "20200101T000000Z"},
                 {"Authorization",
                  "AWS4-HMAC-SHA256 Credential=A/20200101/r/s/aws4_request, SignedHeaders=host, "
                  "Signature=00"}};
  Result<ParsedAuth> auth = parse_authorization(view_of(req));
  REQUIRE(auth.ok());
  CHECK(auth->amz_date == "20200101T000000Z");
  // Impossible calendar dates are refused.
  req.headers = {{"Date", "Tue, 31 Feb 2015 12:36:00 GMT"},
                 {"Authorization",
                  "AWS4-HMAC-SHA256 Credential=A/20150231/r/s/aws4_request, SignedHeaders=host, "
                  "Signature=00"}};
  CHECK_FALSE(parse_authorization(view_of(req)).ok());
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

TEST_CASE("hostile input is rejected without crashing", "[sigv4]") {
  std::mt19937 rng(12345);
  const std::string alphabet =
      "AWS4-HMAC-SHA256 ,=/;%\t\r\nCredentialSignedHeadersSignature\x80\xff";
  for (int i = 0; i < 20000; ++i) {
    HttpRequest req = botocore_post();
    std::string& a = *header_ref(req, "Authorization");
    std::string& d = *header_ref(req, "X-Amz-Date");
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      std::string& target = (rng() % 5 == 0) ? d : a;
      const size_t at = target.empty() ? 0 : rng() % (target.size() + 1);
      switch (rng() % 4) {
        case 0:
          if (!target.empty() && at < target.size()) target.erase(at, 1 + rng() % 8);
          break;
        case 1:
          target.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 2:
          if (at < target.size()) target[at] = static_cast<char>(rng() & 0xff);
          break;
        default:
          target.resize(at);
          break;
      }
    }
    if (rng() % 7 == 0) req.target = "/?" + a.substr(0, rng() % (a.size() + 1));
    RequestView view = view_of(req);
    Result<ParsedAuth> auth = parse_authorization(view);
    if (!auth.ok()) continue;
    (void)check_scope(*auth, boto_now(), true, "sts");
    (void)verify_signature(view, *auth, kBotoSecret);
  }

  // Huge and degenerate values.
  std::vector<HeaderList> weird = {
      {{"Authorization", std::string(1 << 20, 'A')}},
      {{"Authorization", "AWS4-HMAC-SHA256 " + std::string(1 << 20, ',')},
       {"X-Amz-Date", "20150830T123600Z"}},
      {{"Authorization", "AWS4-HMAC-SHA256 Credential=" + std::string(1 << 20, '/') +
                             ", SignedHeaders=" + std::string(1 << 16, ';') + ", Signature="},
       {"X-Amz-Date", "20150830T123600Z"}},
      {{"Authorization", "AWS4-HMAC-SHA256 ="}, {"X-Amz-Date", ""}},
      {{"Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature="},
       {"X-Amz-Date", "99991231T235959Z"}},
      {{"Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature="},
       {"X-Amz-Date", "00000101T000000Z"}},
  };
  for (const HeaderList& headers : weird) {
    HttpRequest req;
    req.method = "POST";
    req.target = "/?" + std::string(1 << 16, '%') + "&X-Amz-Algorithm=" + std::string(100, '+');
    req.headers = headers;
    RequestView view = view_of(req);
    Result<ParsedAuth> auth = parse_authorization(view);
    if (!auth.ok()) {
      CHECK_FALSE(auth.error().code.empty());
      continue;
    }
    (void)check_scope(*auth, boto_now(), true, "sts");
    CHECK_FALSE(verify_signature(view, *auth, kBotoSecret).ok());
  }

  // A null header list and empty everything.
  RequestView empty;
  Result<ParsedAuth> none = parse_authorization(empty);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "MissingAuthenticationToken");
  CHECK_FALSE(verify_signature(empty, ParsedAuth{}, "").ok());
}
