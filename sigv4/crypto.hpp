// SHA-256, HMAC-SHA256, lowercase hex and constant-time comparison for SigV4, on top of OpenSSL
// libcrypto. Every function is thread-safe; hashing reuses one digest context per thread, so a
// call allocates nothing beyond the std::string it returns or appends to.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace localiam::sigv4 {

using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of `data`.
Sha256Digest sha256(std::string_view data);

// HMAC-SHA256 of `data` under `key`.
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);
Sha256Digest hmac_sha256(const Sha256Digest& key, std::string_view data);

// Writes the 64 lowercase hex characters of `digest` to `out` (no terminator).
void hex_encode(const Sha256Digest& digest, char* out);
// Appends the 64 lowercase hex characters of `digest` to `out`.
void append_hex(std::string& out, const Sha256Digest& digest);
// The 64 lowercase hex characters of `digest`.
std::string to_hex(const Sha256Digest& digest);

// True when `a` and `b` hold the same bytes. The time taken depends only on the lengths.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace localiam::sigv4
