// RFC 4648 Base32 (A-Z2-7) and Base64 for credential material: MFA seeds travel as Base32
// text, and blobs in Query responses as Base64. Decoding ignores '=' padding and refuses
// any other character outside the alphabet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::credentials {

// Base32 text of `bytes`, without '=' padding.
std::string base32_encode(const std::vector<uint8_t>& bytes);
// The bytes of Base32 `text` (upper case; trailing '=' allowed); nullopt on a bad character.
std::optional<std::vector<uint8_t>> base32_decode(std::string_view text);

// Standard Base64 (with '=' padding) of `bytes`.
std::string base64_encode(std::string_view bytes);
// The bytes of Base64 `text`; whitespace is skipped; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace localiam::credentials
