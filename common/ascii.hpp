// ASCII case folding: the one lower-caser and case-insensitive comparison for protocol text
// (header names, policy keys and actions, tag keys, URL schemes). Only A-Z fold; every other
// byte, UTF-8 included, compares as it is (as SQLite's NOCASE and AWS's key matching do).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace localiam::ascii {

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

// a and b are the same text but for the case of ASCII letters.
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// text starts with prefix but for the case of ASCII letters.
constexpr bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace localiam::ascii
