// JSON Web Tokens (RFC 7519) in compact form: parsing with the claims as JSON, and RS256
// signing. Parsing does not verify: callers check the signature (signing_input + signature)
// against the issuer's key and the claims against their rules.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/rsa_key.hpp"

namespace localiam::federation {

struct Jwt {
  rapidjson::Document header;
  rapidjson::Document claims;
  std::string signing_input;  // base64url(header) "." base64url(claims)
  std::string signature;      // raw bytes

  // The header's alg / kid ("" when absent or not strings).
  std::string alg() const;
  std::string kid() const;
  // A string claim, or nullopt when absent or not a string.
  std::optional<std::string> string_claim(std::string_view name) const;
  // A NumericDate claim (seconds, fractions dropped), or nullopt when absent or not a number.
  std::optional<int64_t> time_claim(std::string_view name) const;
  // `aud` as a list (a single string or an array of strings).
  std::vector<std::string> audiences() const;
};

// nullopt unless `token` is three base64url parts whose first two are JSON objects.
std::optional<Jwt> parse_jwt(std::string_view token);

// header {"alg":"RS256","typ":"JWT","kid":kid} + `claims_json` (a JSON object), signed.
std::string sign_jwt(std::string_view claims_json, const RsaKey& key, std::string_view kid);

}  // namespace localiam::federation
