// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps,
// 6 digits, as virtual MFA apps compute them. Time comes from the caller (the server clock),
// so moving localiam's clock moves the codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::credentials {

inline constexpr int64_t kTotpStepSeconds = 30;

// The time step (counter) that contains `epoch_seconds`.
int64_t totp_step(int64_t epoch_seconds);
// The 6-digit HOTP code of `key` for `counter`, zero-padded.
std::string hotp_code(const std::vector<uint8_t>& key, uint64_t counter);

// Finds a step s with `first` = code(s) and `second` = code(s + 1) for s within
// [center - before, center + after]; returns s, or nullopt when no such pair exists.
std::optional<int64_t> find_consecutive_codes(const std::vector<uint8_t>& key,
                                              std::string_view first, std::string_view second,
                                              int64_t center, int before, int after);
// Finds a step s with `code` = code(s) within [center - before, center + after].
std::optional<int64_t> find_code(const std::vector<uint8_t>& key, std::string_view code,
                                 int64_t center, int before, int after);

}  // namespace localiam::credentials
