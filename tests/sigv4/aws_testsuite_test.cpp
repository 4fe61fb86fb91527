// Runs AWS's published SigV4 test suite (tests/sigv4/testsuite) through the verifier: for every
// case the canonical request and string to sign must match AWS's files byte for byte, the
// signature must verify, and tampering with the body, the signature or a signed header must not.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/verifier.hpp"

namespace fs = std::filesystem;
using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses the suite's raw HTTP files: "METHOD target HTTP/1.1", "Name:value" lines, folded
// continuation lines (leading whitespace; kept in the value after a '\n', as a lenient HTTP
// parser would hand them over), an empty line, then the body. Targets may contain spaces.
HttpRequest parse_raw_request(const std::string& raw) {
  HttpRequest req;
  size_t header_end = raw.find("\n\n");
  std::string head = header_end == std::string::npos ? raw : raw.substr(0, header_end);
  if (header_end != std::string::npos) req.body = raw.substr(header_end + 2);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  size_t first = line.find(' ');
  size_t last = line.rfind(' ');
  req.method = line.substr(0, first);
  req.target = line.substr(first + 1, last - first - 1);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !req.headers.empty()) {
      req.headers.back().second += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return req;
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

struct SuiteCase {
  std::string name;
  fs::path dir;
};

std::vector<SuiteCase> suite_cases() {
  std::vector<SuiteCase> cases;
  const fs::path root = fs::path(LOCALIAM_TEST_DATA_DIR) / "sigv4" / "testsuite";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".sreq") continue;
    cases.push_back({entry.path().stem().string(), entry.path().parent_path()});
  }
  std::sort(cases.begin(), cases.end(),
            [](const SuiteCase& a, const SuiteCase& b) { return a.name < b.name; });
  return cases;
}

Status verify_all(const HttpRequest& req, int64_t now) {
  RequestView view = view_of(req);
  Result<ParsedAuth> auth = parse_authorization(view);
  if (!auth.ok()) return auth.error();
  RETURN_IF_ERROR(check_scope(*auth, now, true, "service"));
  return verify_signature(view, *auth, kSecret);
}

}  // namespace

TEST_CASE("AWS SigV4 test suite: canonical request, string to sign and signature", "[sigv4]") {
  const std::vector<SuiteCase> cases = suite_cases();
  // 24 top-level cases, 8 normalize-path cases and 2 post-sts-token cases.
  REQUIRE(cases.size() == 34);
  const int64_t now = *parse_amz_date("20150830T123600Z");

  for (const SuiteCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      HttpRequest req = parse_raw_request(read_file(c.dir / (c.name + ".sreq")));
      const std::string authz = read_file(c.dir / (c.name + ".authz"));
      std::string* authorization = nullptr;
      for (auto& [k, v] : req.headers)
        if (k == "Authorization") authorization = &v;
      REQUIRE(authorization != nullptr);
      // Known defect in AWS's published suite: get-vanilla-with-session-token.sreq carries the
      // get-vanilla signature although it signs x-amz-security-token; its .authz file holds the
      // correct one (its .creq/.sts agree with .authz), so that case is verified with .authz.
      const std::string sent = authorization->substr(authorization->find_first_not_of(' '));
      if (c.name == "get-vanilla-with-session-token") {
        CHECK(sent != authz);
      } else {
        REQUIRE(sent == authz);
      }
      *authorization = authz;

      const RequestView view = view_of(req);
      Result<ParsedAuth> auth = parse_authorization(view);
      REQUIRE(auth.ok());
      CHECK(auth->access_key_id == "AKIDEXAMPLE");
      CHECK(auth->scope_date == "20150830");
      CHECK(auth->region == "us-east-1");
      CHECK(auth->service == "service");
      CHECK(auth->request_time == now);
      CHECK_FALSE(auth->presigned);

      Result<std::string> creq = canonical_request(view, *auth);
      REQUIRE(creq.ok());
      CHECK(*creq == read_file(c.dir / (c.name + ".creq")));
      CHECK(string_to_sign(*auth, *creq) == read_file(c.dir / (c.name + ".sts")));

      CHECK(check_scope(*auth, now, true, "service").ok());
      Status ok = verify_signature(view, *auth, kSecret);
      INFO((ok.ok() ? std::string() : ok.error().message));
      CHECK(ok.ok());
      CHECK(verify_all(req, now).ok());

      // Wrong secret.
      CHECK_FALSE(verify_signature(view, *auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ").ok());

      // One byte of the body changed (or added, when there is none).
      {
        HttpRequest t = req;
        if (t.body.empty())
          t.body = "x";
        else
          t.body[0] ^= 0x01;
        Status s = verify_all(t, now);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "SignatureDoesNotMatch");
      }
      // One hex digit of the signature changed.
      {
        HttpRequest t = req;
        for (auto& [k, v] : t.headers)
          if (k == "Authorization") v.back() = v.back() == '0' ? '1' : '0';
        Status s = verify_all(t, now);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "SignatureDoesNotMatch");
        CHECK(s.error().message ==
              "The request signature we calculated does not match the signature you provided. "
              "Check your AWS Secret Access Key and signing method. Consult the service "
              "documentation for details.");
      }
      // One byte of a signed header (Host) changed.
      {
        HttpRequest t = req;
        for (auto& [k, v] : t.headers)
          if (k == "Host") v[0] = v[0] == 'e' ? 'f' : 'e';
        Status s = verify_all(t, now);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == "SignatureDoesNotMatch");
      }
      // An unsigned header may change freely.
      {
        HttpRequest t = req;
        t.headers.emplace_back("User-Agent", "something/1.0");
        CHECK(verify_all(t, now).ok());
      }
    }
  }
}

TEST_CASE("AWS SigV4 test suite: an unsigned X-Amz-Security-Token is still reported", "[sigv4]") {
  const fs::path dir = fs::path(LOCALIAM_TEST_DATA_DIR) / "sigv4" / "testsuite" / "post-sts-token";
  for (const char* name : {"post-sts-header-after", "post-sts-header-before"}) {
    HttpRequest req = parse_raw_request(read_file(dir / name / (std::string(name) + ".sreq")));
    Result<ParsedAuth> auth = parse_authorization(view_of(req));
    REQUIRE(auth.ok());
    CHECK(auth->security_token.rfind("AQoDYXdzEPT//////////wEXAMPLE", 0) == 0);
    // Changing the token breaks only the variant that signed it.
    for (auto& [k, v] : req.headers)
      if (k == "X-Amz-Security-Token") v.back() = 'A';
    const bool signed_token = std::string(name) == "post-sts-header-before";
    CHECK(verify_all(req, *parse_amz_date("20150830T123600Z")).ok() == !signed_token);
  }
}
