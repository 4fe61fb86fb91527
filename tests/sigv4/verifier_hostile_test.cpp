// Hostile-input tests for the verifier: random edits of a signed request and huge or
// degenerate values must be rejected without crashing.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/http_message.hpp"
#include "sigv4/verifier.hpp"
#include "tests/sigv4/verifier_fixtures.hpp"

using namespace localiam;
using namespace localiam::sigv4;
using namespace localiam::sigv4::verifier_fixtures;

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
