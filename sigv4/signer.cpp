#include "sigv4/signer.hpp"

#include <algorithm>
#include <vector>

#include "common/clock.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/crypto.hpp"
#include "sigv4/signing_key_cache.hpp"

namespace localiam::sigv4 {

namespace {

// Headers botocore never signs (its SIGNED_HEADERS_BLACKLIST): hop-by-hop headers and ones
// that proxies or the transport may rewrite.
constexpr std::string_view kUnsignedHeaders[] = {"connection",
                                                 "expect",
                                                 "keep-alive",
                                                 "proxy-authenticate",
                                                 "proxy-authorization",
                                                 "te",
                                                 "trailer",
                                                 "transfer-encoding",
                                                 "upgrade",
                                                 "user-agent",
                                                 "x-amzn-trace-id",
                                                 "authorization"};

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void remove_headers(HeaderList& headers, std::string_view name) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [name](const auto& h) { return header_name_equals(h.first, name); }),
                headers.end());
}

}  // namespace

void sign_request(HttpRequest& request, const SigningParams& params) {
  // A re-signed request (a retry) must not carry the previous signature's headers.
  remove_headers(request.headers, "Authorization");
  remove_headers(request.headers, "X-Amz-Date");
  remove_headers(request.headers, "X-Amz-Security-Token");

  const std::string amz_date = format_amz_date(params.epoch_seconds);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!params.session_token.empty())
    request.headers.emplace_back("X-Amz-Security-Token", params.session_token);

  std::vector<std::string> signed_headers;
  for (const auto& header : request.headers) {
    std::string name = lowercase(header.first);
    if (std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), name) !=
        std::end(kUnsignedHeaders))
      continue;
    signed_headers.push_back(std::move(name));
  }
  std::sort(signed_headers.begin(), signed_headers.end());
  signed_headers.erase(std::unique(signed_headers.begin(), signed_headers.end()),
                       signed_headers.end());

  RequestView view;
  view.method = request.method;
  view.path = request.path();
  view.query = request.query();
  view.headers = &request.headers;
  view.body = request.body;

  std::string canonical;
  // Lenient: a client signs whatever it sends, even a malformed escape.
  (void)append_canonical_request(canonical, view, signed_headers, /*presigned=*/false,
                                 /*strict=*/false);
  const std::string scope_date = amz_date.substr(0, 8);
  std::string to_sign;
  append_string_to_sign(to_sign, amz_date, scope_date, params.region, params.service, canonical);
  const SigningKey key = default_signing_key_cache().get(params.secret_access_key, scope_date,
                                                         params.region, params.service);

  std::string authorization;
  authorization.reserve(256);
  authorization.append(kAlgorithm)
      .append(" Credential=")
      .append(params.access_key_id)
      .append("/")
      .append(scope_date)
      .append("/")
      .append(params.region)
      .append("/")
      .append(params.service)
      .append("/")
      .append(kTerminator)
      .append(", SignedHeaders=");
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    if (i > 0) authorization.push_back(';');
    authorization.append(signed_headers[i]);
  }
  authorization.append(", Signature=").append(to_hex(hmac_sha256(key, to_sign)));
  request.headers.emplace_back("Authorization", std::move(authorization));
}

}  // namespace localiam::sigv4
