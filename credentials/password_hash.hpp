// Console passwords are kept only as salted PBKDF2-HMAC-SHA256 hashes (OpenSSL), in the
// self-describing form "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in Base64), so
// that the cost can rise later without breaking stored hashes. The password itself is never
// stored, logged or returned.
#pragma once

#include <string>
#include <string_view>

namespace localiam::credentials {

inline constexpr int kPasswordHashIterations = 100000;

// A new hash of `password` with a fresh random 16-byte salt (two calls give two hashes).
std::string hash_password(std::string_view password, int iterations = kPasswordHashIterations);
// Whether `password` is the one `stored` (a hash_password result) was made from; false for
// text that is not such a hash. Compares in constant time.
bool verify_password(std::string_view password, std::string_view stored);

}  // namespace localiam::credentials
