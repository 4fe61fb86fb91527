// parse_authorization: every error AWS gives for a malformed or missing Authorization header
// or presigned query (code and message), and the spacing and repetition it tolerates. Split
// from verifier_test.cpp.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/http_message.hpp"
#include "sigv4/verifier.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

RequestView view_of(const HttpRequest& req) {
  return RequestView{req.method, req.path(), req.query(), &req.headers, req.body};
}

}  // namespace

namespace {

struct ErrorCase {
  const char* name;
  HeaderList headers;
  const char* query;
  const char* code;
  const char* message;
};

}  // namespace

TEST_CASE("parse_authorization errors carry AWS's codes and messages", "[sigv4]") {
  const std::string good_cred =
      "Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc";
  const std::vector<ErrorCase> cases = {
      {"no authentication at all",
       {{"Host", "h"}},
       "",
       "MissingAuthenticationToken",
       "Request is missing Authentication Token"},
      {"query without X-Amz-Algorithm",
       {{"Host", "h"}},
       "Action=GetCallerIdentity",
       "MissingAuthenticationToken",
       "Request is missing Authentication Token"},
      {"presigned with another algorithm",
       {},
       "X-Amz-Algorithm=AWS4-HMAC-SHA1&X-Amz-Credential=a",
       "MissingAuthenticationToken",
       "Request is missing Authentication Token"},
      {"unsupported algorithm",
       {{"Authorization", "AWS4-HMAC-SHA1 " + good_cred}, {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'."},
      {"empty Authorization header",
       {{"Authorization", ""}},
       "",
       "IncompleteSignature",
       "Unsupported AWS 'algorithm': ''."},
      {"component without '='",
       {{"Authorization",
         "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, SignedHeaders, "
         "Signature=abc"},
        {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: "
       "'AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, SignedHeaders, "
       "Signature=abc'"},
      {"every component and the date missing",
       {{"Authorization", "AWS4-HMAC-SHA256"}},
       "",
       "IncompleteSignature",
       "Authorization header requires 'Credential' parameter. Authorization header requires "
       "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
       "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
       "Authorization=AWS4-HMAC-SHA256"},
      {"signature missing",
       {{"Authorization",
         "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, "
         "SignedHeaders=host"},
        {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256"},
      {"date header missing",
       {{"Authorization", "AWS4-HMAC-SHA256 " + good_cred}},
       "",
       "IncompleteSignature",
       "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
       "Authorization=AWS4-HMAC-SHA256"},
      {"malformed X-Amz-Date",
       {{"Authorization", "AWS4-HMAC-SHA256 " + good_cred}, {"X-Amz-Date", "20150830T1236Z"}},
       "",
       "IncompleteSignature",
       "Date must be in ISO-8601 'basic format'. Got '20150830T1236Z'. See "
       "http://en.wikipedia.org/wiki/ISO_8601"},
      {"malformed Date header",
       {{"Authorization", "AWS4-HMAC-SHA256 " + good_cred}, {"Date", "yesterday"}},
       "",
       "IncompleteSignature",
       "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See "
       "http://en.wikipedia.org/wiki/ISO_8601"},
      {"four credential elements",
       {{"Authorization",
         "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts, SignedHeaders=host, "
         "Signature=abc"},
        {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "Credential must have exactly 5 slash-delimited elements, e.g. "
       "keyid/date/region/service/term, got 'AKID/20150830/us-east-1/sts'"},
      {"six credential elements",
       {{"Authorization",
         "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request/x, "
         "SignedHeaders=host, Signature=abc"},
        {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "Credential must have exactly 5 slash-delimited elements, e.g. "
       "keyid/date/region/service/term, got 'AKID/20150830/us-east-1/sts/aws4_request/x'"},
      {"empty credential",
       {{"Authorization", "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=abc"},
        {"X-Amz-Date", "20150830T123600Z"}},
       "",
       "IncompleteSignature",
       "Credential must have exactly 5 slash-delimited elements, e.g. "
       "keyid/date/region/service/term, got ''"},
      {"presigned, everything missing",
       {{"Host", "h"}},
       "X-Amz-Algorithm=AWS4-HMAC-SHA256",
       "IncompleteSignature",
       "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters "
       "must include 'X-Amz-Signature'. AWS query-string parameters must include "
       "'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. "
       "Re-examine the query-string parameters."},
      {"presigned, date missing",
       {{"Host", "h"}},
       "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-SignedHeaders=host&"
       "X-Amz-Signature=00",
       "IncompleteSignature",
       "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string "
       "parameters."},
      {"presigned, bad date",
       {{"Host", "h"}},
       "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-SignedHeaders=host&"
       "X-Amz-Signature=00&X-Amz-Date=2015",
       "IncompleteSignature",
       "Date must be in ISO-8601 'basic format'. Got '2015'. See "
       "http://en.wikipedia.org/wiki/ISO_8601"},
      {"presigned, short credential",
       {{"Host", "h"}},
       "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-SignedHeaders=host&"
       "X-Amz-Signature=00&X-Amz-Date=20150830T123600Z",
       "IncompleteSignature",
       "Credential must have exactly 5 slash-delimited elements, e.g. "
       "keyid/date/region/service/term, got 'a/b'"},
  };
  for (const ErrorCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      HttpRequest req;
      req.method = "GET";
      req.target = std::string("/") + (*c.query ? "?" : "") + c.query;
      req.headers = c.headers;
      Result<ParsedAuth> auth = parse_authorization(view_of(req));
      REQUIRE_FALSE(auth.ok());
      CHECK(auth.error().code == c.code);
      CHECK(auth.error().message == c.message);
      CHECK(auth.error().http_status == (std::string(c.code) == "IncompleteSignature" ? 400 : 403));
    }
  }
}

TEST_CASE("parse_authorization tolerates spacing and takes the last repeated component",
          "[sigv4]") {
  HttpRequest req;
  req.method = "POST";
  req.target = "/";
  req.headers = {
      {"X-Amz-Date", "20150830T123600Z"},
      {"Authorization",
       "  AWS4-HMAC-SHA256   Credential=OLD/20150830/us-east-1/sts/aws4_request ,,"
       "Credential=AKID/20150830/eu-west-1/iam/aws4_request/,\tSignedHeaders=host;x-amz-date ,"
       "Signature=00 , Extra=ignored  "}};
  Result<ParsedAuth> auth = parse_authorization(view_of(req));
  REQUIRE(auth.ok());
  CHECK(auth->access_key_id == "AKID");
  CHECK(auth->region == "eu-west-1");
  CHECK(auth->service == "iam");
  CHECK(auth->terminator == "aws4_request");
  CHECK(auth->signed_headers == std::vector<std::string>{"host", "x-amz-date"});
  CHECK(auth->signature == "00");
}
