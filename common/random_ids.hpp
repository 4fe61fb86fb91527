// Identifiers in AWS's formats, from a cryptographically secure random source (OpenSSL):
// unique IDs (AIDA…, AGPA…, AROA…, ANPA…: prefix + 17 base32 chars), access key IDs
// (AKIA…/ASIA…: prefix + 16), 40-character secrets, opaque session tokens, request UUIDs.
#pragma once

#include <string>
#include <string_view>

namespace localiam {

// prefix + `length` characters of A-Z2-7.
std::string random_base32(std::string_view prefix, size_t length);
// 21 characters: "AIDA" + 17 base32, etc.
std::string make_unique_id(std::string_view prefix);
// 20 characters: "AKIA"/"ASIA" + 16 base32.
std::string make_access_key_id(std::string_view prefix);
// 40 characters of [A-Za-z0-9+/].
std::string make_secret_access_key();
// Opaque base64 text (several hundred characters), like AWS's session tokens.
std::string make_session_token();
// Lowercase RFC 4122 version-4 UUID, 36 characters.
std::string make_request_id();

}  // namespace localiam
