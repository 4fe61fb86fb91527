// Reading an OpenID Connect issuer's published documents: the jwks_uri of its discovery
// document (/.well-known/openid-configuration) and an RSA signing key of its JWKS by key id.
// Input is untrusted text from the network: nesting is bounded, malformed input gives nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "federation/rsa_key.hpp"

namespace localiam::federation {

std::optional<std::string> discovery_jwks_uri(std::string_view discovery_json);
// The RSA key with this "kid" ("kty":"RSA", "n" and "e"; "use", when present, must be "sig").
std::optional<RsaKey> jwks_rsa_key(std::string_view jwks_json, std::string_view kid);

}  // namespace localiam::federation
