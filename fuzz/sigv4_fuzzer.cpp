// Fuzzes SigV4 verification end to end on raw HTTP requests in the format of AWS's SigV4 test
// suite ("METHOD target HTTP/1.1", "Name:value" lines, an empty line, the body): the
// Authorization header and presigned-URL parser, the scope and clock checks, the canonical
// request and string to sign, and the signature check with the suite's secret. Invariant: a
// request that verifies still verifies when checked again (the signing-key cache is consistent).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/http_message.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/verifier.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// Splits the input as the test suite's files are written; anything goes.
HttpRequest parse_raw(std::string_view raw) {
  HttpRequest req;
  size_t head_end = raw.find("\n\n");
  std::string_view head = raw.substr(0, head_end);
  if (head_end != std::string_view::npos) req.body = raw.substr(head_end + 2);
  size_t line_end = head.find('\n');
  std::string_view request_line = head.substr(0, line_end);
  head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 1);
  size_t first = request_line.find(' ');
  size_t last = request_line.rfind(' ');
  req.method = request_line.substr(0, first);
  if (first != std::string_view::npos && last > first)
    req.target = request_line.substr(first + 1, last - first - 1);
  while (!head.empty()) {
    line_end = head.find('\n');
    std::string_view line = head.substr(0, line_end);
    head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if ((line.starts_with(' ') || line.starts_with('\t')) && !req.headers.empty()) {
      req.headers.back().second.append("\n").append(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return req;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const HttpRequest req = parse_raw(std::string_view(reinterpret_cast<const char*>(data), size));
  RequestView view;
  view.method = req.method;
  view.path = req.path();
  view.query = req.query();
  view.headers = &req.headers;
  view.body = req.body;

  auto auth = parse_authorization(view);
  if (!auth.ok()) return 0;
  const ParsedAuth& parsed = auth.value();
  // The request's own time, so that the skew check passes and the rest is reached; then the
  // edges of the window.
  for (int64_t now : {parsed.request_time, parsed.request_time - 900, parsed.request_time + 901})
    for (std::string_view service : {"iam", "sts", "service"})
      (void)check_scope(parsed, now, true, service);
  (void)check_scope(parsed, 0, false, parsed.service);

  auto canonical = canonical_request(view, parsed);
  if (canonical.ok()) (void)string_to_sign(parsed, canonical.value());
  const bool verified = verify_signature(view, parsed, kSecret).ok();
  if (verified != verify_signature(view, parsed, kSecret).ok()) std::abort();
  (void)verify_signature(view, parsed, "another secret");
  return 0;
}
