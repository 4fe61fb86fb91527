// Base64 (RFC 4648) in both alphabets: standard (SAML, PEM bodies, XML signatures; whitespace
// inside is ignored) and URL-safe without padding (JWTs and JWKs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam::federation {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);
// Standard alphabet; ASCII whitespace is skipped, padding is optional. nullopt if malformed.
std::optional<std::string> base64_decode(std::string_view text);
// URL-safe alphabet, padding optional. nullopt if malformed.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace localiam::federation
