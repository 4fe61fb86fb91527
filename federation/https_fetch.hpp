// A small blocking HTTP(S) GET for fetching an OpenID Connect issuer's discovery document and
// JWKS. HTTPS servers are trusted when their chain verifies against the system's CA store for
// the URL's host, or when the SHA-1 fingerprint of a certificate they present is one of
// `thumbprints` (an OIDC provider's ThumbprintList, as AWS once required). Every step has a
// deadline; responses are capped in size. Thread-safe (no shared state).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::federation {

struct FetchOptions {
  std::vector<std::string> thumbprints;  // 40 hex characters each, any case
  int timeout_ms = 3000;
  size_t max_bytes = 1 << 20;
};

// The body of a 200 answer to GET `url` (http:// or https://), or nullopt (unreachable,
// untrusted, timed out, another status, too big, or a malformed URL).
std::optional<std::string> fetch_url(std::string_view url, const FetchOptions& options);

}  // namespace localiam::federation
