#include "common/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace localiam {

TimePoint Clock::now() const {
  return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_.load());
}

int64_t Clock::now_epoch_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
}

void Clock::advance(int64_t seconds) { offset_ms_.fetch_add(seconds * 1000); }

void Clock::set(TimePoint t) {
  auto real = std::chrono::system_clock::now();
  // Rounded up, so that now() right after set(t) is t, not a fraction of a millisecond before.
  offset_ms_.store(std::chrono::ceil<std::chrono::milliseconds>(t - real).count());
}

void Clock::reset() { offset_ms_.store(0); }

namespace {

// Calendar fields in UTC by arithmetic (gmtime_r takes glibc's time-zone lock on every call,
// which showed in enforce mode's profile). Only the fields the formatters use are set.
std::tm to_utc(int64_t epoch_seconds) {
  using namespace std::chrono;
  // Years 0000 to 9999, the range the formats can write (and no overflow in the arithmetic).
  constexpr int64_t kFirst = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr int64_t kLast = 253402300799;   // 9999-12-31T23:59:59Z
  epoch_seconds = std::clamp(epoch_seconds, kFirst, kLast);
  const sys_seconds t{seconds{epoch_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{t - day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(date.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
  tm.tm_hour = static_cast<int>(time.hours().count());
  tm.tm_min = static_cast<int>(time.minutes().count());
  tm.tm_sec = static_cast<int>(time.seconds().count());
  return tm;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<int64_t> from_fields(int year, int month, int day, int hour, int minute, int second) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

namespace {

// Appends `value` as exactly `width` decimal digits (snprintf was a visible cost on hot paths).
void append_digits(std::string& out, int value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(width));
}

std::string format_utc(int64_t epoch_seconds, bool separators) {
  const std::tm tm = to_utc(epoch_seconds);
  std::string out;
  out.reserve(20);
  append_digits(out, tm.tm_year + 1900, 4);
  if (separators) out += '-';
  append_digits(out, tm.tm_mon + 1, 2);
  if (separators) out += '-';
  append_digits(out, tm.tm_mday, 2);
  out += 'T';
  append_digits(out, tm.tm_hour, 2);
  if (separators) out += ':';
  append_digits(out, tm.tm_min, 2);
  if (separators) out += ':';
  append_digits(out, tm.tm_sec, 2);
  out += 'Z';
  return out;
}

}  // namespace

std::string format_iso8601(int64_t epoch_seconds) { return format_utc(epoch_seconds, true); }

std::string format_amz_date(int64_t epoch_seconds) { return format_utc(epoch_seconds, false); }

std::optional<int64_t> parse_iso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)) ||
      !all_digits(s.substr(11, 2)) || !all_digits(s.substr(14, 2)) || !all_digits(s.substr(17, 2)))
    return std::nullopt;
  std::string_view rest = s.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 1) return std::nullopt;
    rest.remove_prefix(i);
  }
  if (rest != "Z" && rest != "z" && rest != "+00:00") return std::nullopt;
  return from_fields(to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2)),
                     to_int(s.substr(11, 2)), to_int(s.substr(14, 2)), to_int(s.substr(17, 2)));
}

std::optional<int64_t> parse_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  if (!all_digits(s.substr(0, 8)) || !all_digits(s.substr(9, 6))) return std::nullopt;
  return from_fields(to_int(s.substr(0, 4)), to_int(s.substr(4, 2)), to_int(s.substr(6, 2)),
                     to_int(s.substr(9, 2)), to_int(s.substr(11, 2)), to_int(s.substr(13, 2)));
}

}  // namespace localiam
