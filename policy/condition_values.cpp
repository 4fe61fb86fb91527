#include "policy/condition_values.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdlib>
#include <string>

#include "common/ascii.hpp"

namespace localiam::policy {

namespace {

bool read_digits(std::string_view& s, size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_date_millis(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits && text.size() <= 12) {
    int64_t secs = 0;
    std::from_chars(text.data(), text.data() + text.size(), secs);
    return secs * 1000;
  }
  std::string_view s = text;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!read_digits(s, 4, year) || !eat(s, '-') || !read_digits(s, 2, month) || !eat(s, '-') ||
      !read_digits(s, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int64_t millis = 0;
  int offset_minutes = 0;
  if (eat(s, 'T') || eat(s, 't')) {
    if (!read_digits(s, 2, hour) || !eat(s, ':') || !read_digits(s, 2, minute)) {
      return std::nullopt;
    }
    if (eat(s, ':') && !read_digits(s, 2, second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (eat(s, '.')) {
      int scale = 100;
      bool any = false;
      while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
        millis += (s.front() - '0') * scale;
        scale /= 10;
        s.remove_prefix(1);
        any = true;
      }
      if (!any) return std::nullopt;
    }
    if (eat(s, 'Z') || eat(s, 'z')) {
    } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
      int sign = s.front() == '-' ? -1 : 1;
      s.remove_prefix(1);
      int oh, om = 0;
      if (!read_digits(s, 2, oh)) return std::nullopt;
      eat(s, ':');
      if (!s.empty() && !read_digits(s, 2, om)) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (!s.empty()) return std::nullopt;
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return secs * 1000 + millis;
}

std::optional<IpBlock> parse_ip_block(std::string_view text) {
  std::string addr(text);
  int prefix = -1;
  if (size_t slash = addr.find('/'); slash != std::string::npos) {
    std::string_view bits = std::string_view(addr).substr(slash + 1);
    int p = 0;
    auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), p);
    if (ec != std::errc() || ptr != bits.data() + bits.size() || bits.empty()) return std::nullopt;
    prefix = p;
    addr.resize(slash);
  }
  IpBlock block;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, addr.c_str(), &v4) == 1) {
    if (prefix > 32) return std::nullopt;
    block.v4 = true;
    block.bytes[10] = block.bytes[11] = 0xFF;
    const auto* b = reinterpret_cast<const uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) block.bytes[12 + i] = b[i];
    block.prefix = 96 + (prefix < 0 ? 32 : prefix);
  } else if (inet_pton(AF_INET6, addr.c_str(), &v6) == 1) {
    if (prefix > 128) return std::nullopt;
    for (int i = 0; i < 16; ++i) block.bytes[i] = v6.s6_addr[i];
    block.prefix = prefix < 0 ? 128 : prefix;
  } else {
    return std::nullopt;
  }
  return block;
}

bool ip_in_block(const IpBlock& block, const IpBlock& address) {
  int bits = block.prefix;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((block.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<bool> parse_bool(std::string_view text) {
  auto same = [&](std::string_view word) { return ascii::iequals(text, word); };
  if (same("true")) return true;
  if (same("false")) return false;
  return std::nullopt;
}

}  // namespace localiam::policy
