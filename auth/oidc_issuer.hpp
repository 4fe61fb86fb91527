// localiam as an OpenID Connect issuer (DESIGN.md, admin endpoint /_localiam/oidc/token): its
// RS256 signing key (one per data file, made on first use and stored), the discovery document
// and JWKS of its issuer PUBLIC_URL/_localiam/oidc (server/oidc_endpoints.hpp), and the minting
// of test ID tokens with the claims a test asks for. Callers hold the database lock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "federation/rsa_key.hpp"
#include "storage/database.hpp"

namespace localiam::api::oidc {

inline constexpr std::string_view kIssuerPath = "/_localiam/oidc";

struct IssuerKey {
  std::string kid;
  federation::RsaKey key;
};

// The issuer's current key, generated and stored (in the caller's transaction) when the data
// file has none.
IssuerKey issuer_key(storage::Database& db, int64_t now);

// The discovery document (/.well-known/openid-configuration) of `issuer`.
std::string discovery_document(std::string_view issuer);

// {"keys":[JWK]}.
std::string jwks(const IssuerKey& key);

struct Minted {
  std::string token;  // empty when `error` is set
  std::string error;  // why the claims were refused
  int64_t expires = 0;
};

// Signs the JSON object `claims_json` as an ID token. `iss` defaults to `issuer`, `iat` to
// `now`, `exp` to now + 3600 (an "expires_in" member in seconds may be given instead); `sub`
// and `aud` (a string or a list of strings) are required.
Minted mint_token(std::string_view claims_json, std::string_view issuer, const IssuerKey& key,
                  int64_t now);

}  // namespace localiam::api::oidc
