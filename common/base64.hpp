// Base64 (RFC 4648) in both alphabets, on OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock: standard
// (SAML, PEM bodies, XML signatures, blobs in Query responses) and URL-safe without padding
// (JWTs and JWKs). The grammar around OpenSSL's block codec is ours and strict: padding only at
// the end and only as much as the length calls for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam {

// Standard alphabet, '=' padded.
std::string base64_encode(std::string_view bytes);
// URL-safe alphabet ('-' and '_'), no padding.
std::string base64url_encode(std::string_view bytes);
// The bytes of standard Base64 `text`. ASCII whitespace (space, tab, CR, LF) anywhere is skipped
// and padding is optional; nullopt on any other character outside the alphabet, on '=' followed
// by data, on more padding than the length allows, or on a length no encoding has (4n+1).
std::optional<std::string> base64_decode(std::string_view text);
// The bytes of URL-safe Base64 `text`: the same rules, but no whitespace and no '+' or '/'.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace localiam
