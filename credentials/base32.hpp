// RFC 4648 Base32 (A-Z2-7) for credential material: MFA seeds travel as Base32 text. Decoding
// ignores '=' padding and refuses any other character outside the alphabet. Base64 (blobs in
// Query responses) is common/base64.hpp, OpenSSL's codec, under the names callers here use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base64.hpp"

namespace localiam::credentials {

// Base32 text of `bytes`, without '=' padding.
std::string base32_encode(const std::vector<uint8_t>& bytes);
// The bytes of Base32 `text` (upper case; trailing '=' allowed); nullopt on a bad character.
std::optional<std::vector<uint8_t>> base32_decode(std::string_view text);

using localiam::base64_decode;
using localiam::base64_encode;

}  // namespace localiam::credentials
