// Clock: the server's notion of "now". Follows real time plus an adjustable offset, so that
// tests can move time forward (POST /_localiam/clock) and watch credentials expire.
// Thread-safe: the offset is atomic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace localiam {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  TimePoint now() const;
  int64_t now_epoch_seconds() const;
  // Moves the clock by `seconds` (may be negative).
  void advance(int64_t seconds);
  // Sets the clock so that now() returns `t` at this instant (then it keeps ticking).
  void set(TimePoint t);
  // Back to real time.
  void reset();

 private:
  std::atomic<int64_t> offset_ms_{0};
};

// "2024-05-01T09:30:00Z" (IAM timestamps, second precision, UTC).
std::string format_iso8601(int64_t epoch_seconds);
// "20240501T093000Z" (SigV4 basic format).
std::string format_amz_date(int64_t epoch_seconds);
// Parses "2030-01-01T00:00:00Z" (optionally with fractional seconds); nullopt if malformed.
std::optional<int64_t> parse_iso8601(std::string_view text);
// Parses "20240501T093000Z"; nullopt if malformed.
std::optional<int64_t> parse_amz_date(std::string_view text);

}  // namespace localiam
