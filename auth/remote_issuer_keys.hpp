// Signing keys of OpenID Connect issuers other than localiam: fetched from the issuer's
// discovery document and JWKS (federation/https_fetch: system CAs or the provider's
// thumbprints) and kept per issuer for ten minutes; an unknown key id refetches at most once a
// minute (key rotation). The fetch blocks the calling request for at most a few seconds.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/rsa_key.hpp"

namespace localiam::api {

// The key `kid` of issuer `iss` (a token's iss claim), or nullopt when it cannot be had.
std::optional<federation::RsaKey> remote_issuer_key(std::string_view iss, std::string_view kid,
                                                    const std::vector<std::string>& thumbprints,
                                                    int64_t now);

}  // namespace localiam::api
