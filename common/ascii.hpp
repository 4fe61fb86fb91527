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

// a sorts before b when ASCII letters are folded to lower case (the order of a case-insensitive
// sorted list).
constexpr bool iless(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const char x = to_lower(a[i]);
    const char y = to_lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
  }
  return a.size() < b.size();
}

// text holds part somewhere, but for the case of ASCII letters ("" is in every text).
constexpr bool icontains(std::string_view text, std::string_view part) {
  for (size_t at = 0; at + part.size() <= text.size(); ++at)
    if (iequals(text.substr(at, part.size()), part)) return true;
  return false;
}

// text starts with prefix but for the case of ASCII letters.
constexpr bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace localiam::ascii
