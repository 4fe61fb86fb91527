// check_scope tests: AWS's sentences for a wrong date, region, service or terminator in the
// credential scope, and the ±15 minute clock-skew window.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "sigv4/verifier.hpp"
#include "tests/sigv4/verifier_fixtures.hpp"

using namespace localiam;
using namespace localiam::sigv4;
using namespace localiam::sigv4::verifier_fixtures;

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
