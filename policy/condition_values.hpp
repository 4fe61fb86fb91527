// Typed readings of condition and context values: numbers, dates (ISO 8601 or epoch seconds),
// IP addresses and CIDR blocks (IPv4 and IPv6), booleans. Each returns nullopt for text that is
// not of its type, which makes the condition not match. Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace localiam::policy {

std::optional<double> parse_number(std::string_view text);

// Milliseconds since the epoch. Accepts "2018-08-16", "2018-08-16T12:00:00Z", fractions of a
// second, "+hh:mm"/"-hh:mm" offsets, a missing zone (UTC), and plain epoch seconds.
std::optional<int64_t> parse_date_millis(std::string_view text);

// An address or block. IPv4 is held as an IPv4-mapped IPv6 address, so one comparison serves
// both families (a v4 block never contains a v6 address that is not v4-mapped).
struct IpBlock {
  std::array<uint8_t, 16> bytes{};
  int prefix = 128;  // in IPv6 bits
  bool v4 = false;
};
// "10.0.0.0/8", "203.0.113.7", "2001:db8::/32", "::1".
std::optional<IpBlock> parse_ip_block(std::string_view text);
// Whether `address` (a single address; a block counts by its first address) lies in `block`.
bool ip_in_block(const IpBlock& block, const IpBlock& address);

// "true"/"false" in any case.
std::optional<bool> parse_bool(std::string_view text);

}  // namespace localiam::policy
