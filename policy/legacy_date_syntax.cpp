#include "policy/legacy_date_syntax.hpp"

#include <cstdint>
#include <optional>

#include "common/ascii.hpp"

namespace localiam::policy {

namespace {

constexpr int64_t kMinYear = -292275054;  // the range of years IAM's date parser represents
constexpr int64_t kMaxYear = 292278993;
constexpr int kMaxFractionDigits = 9;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_leap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int64_t year, int64_t month) {
  switch (month) {
    case 2:
      return is_leap(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

// Reads `text` left to right; every read either consumes what it accepts or fails.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  bool take(char c) {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool take_either_case(char upper) { return take(upper) || take(ascii::to_lower(upper)); }

  // A number of min_digits..max_digits digits (stops after max_digits).
  std::optional<int64_t> number(size_t min_digits, size_t max_digits) {
    size_t n = 0;
    int64_t value = 0;
    while (n < max_digits && pos_ + n < text_.size() && is_digit(text_[pos_ + n])) {
      value = value * 10 + (text_[pos_ + n] - '0');
      ++n;
    }
    if (n < min_digits) return std::nullopt;
    pos_ += n;
    return value;
  }

  size_t digits_ahead() const {
    size_t n = 0;
    while (pos_ + n < text_.size() && is_digit(text_[pos_ + n])) ++n;
    return n;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool in_range(std::optional<int64_t> v, int64_t lo, int64_t hi) {
  return v && *v >= lo && *v <= hi;
}

// Y[-M[-D]] or Y-DDD, with an optional sign on the year.
bool read_date(Reader& r) {
  const bool negative = r.take('-');
  if (!negative) (void)r.take('+');
  std::optional<int64_t> year = r.number(1, 9);
  if (!year) return false;
  if (negative) *year = -*year;
  if (*year < kMinYear || *year > kMaxYear) return false;
  if (!r.take('-')) return true;
  if (r.digits_ahead() == 3) {  // day of the year
    return in_range(r.number(3, 3), 1, is_leap(*year) ? 366 : 365);
  }
  const std::optional<int64_t> month = r.number(1, 2);
  if (!in_range(month, 1, 12)) return false;
  if (!r.take('-')) return true;
  return in_range(r.number(1, 2), 1, days_in_month(*year, *month));
}

bool read_fraction(Reader& r) {
  if (!r.take('.') && !r.take(',')) return true;
  return r.number(1, kMaxFractionDigits).has_value();
}

// h[:m[:s]][.f], every part optional after the hour.
bool read_time(Reader& r) {
  if (!is_digit(r.peek())) return true;
  if (!in_range(r.number(1, 2), 0, 23)) return false;
  if (r.take(':')) {
    if (!in_range(r.number(1, 2), 0, 59)) return false;
    if (r.take(':') && !in_range(r.number(1, 2), 0, 59)) return false;
  }
  return read_fraction(r);
}

// Z, or a sign with two-digit hours and optionally two-digit minutes.
bool read_zone(Reader& r) {
  if (r.done()) return true;
  if (r.take_either_case('Z')) return true;
  if (!r.take('+') && !r.take('-')) return false;
  if (!in_range(r.number(2, 2), 0, 23)) return false;
  if (r.done()) return true;
  (void)r.take(':');
  return in_range(r.number(2, 2), 0, 59);
}

bool is_epoch_seconds(std::string_view text) {
  constexpr std::string_view kMax = "9223372036854775807";
  size_t first = 0;
  while (first + 1 < text.size() && text[first] == '0') ++first;
  const std::string_view significant = text.substr(first);
  return significant.size() < kMax.size() ||
         (significant.size() == kMax.size() && significant <= kMax);
}

}  // namespace

bool is_legacy_date_value(std::string_view text) {
  if (text.empty()) return false;
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && is_digit(c);
  if (all_digits) return is_epoch_seconds(text);

  Reader r(text);
  if (!r.take_either_case('T')) {
    if (!read_date(r)) return false;
    if (r.done()) return true;
    if (!r.take_either_case('T')) return false;
  } else if (!is_digit(r.peek())) {
    return false;  // "T" alone, or "TZ": a time needs at least its hour
  }
  return read_time(r) && read_zone(r) && r.done();
}

}  // namespace localiam::policy
