#include "credentials/password_rules.hpp"

#include <string_view>

#include "common/utf8.hpp"

namespace localiam::credentials {

namespace {

constexpr std::string_view kSymbols = "!@#$%^&*()_+-=[]{}|'";

}  // namespace

PasswordRules default_password_rules() {
  PasswordRules rules;
  rules.minimum_length = 8;
  rules.required_kinds = 3;
  return rules;
}

bool is_password_symbol(char c) { return kSymbols.find(c) != std::string_view::npos; }

bool password_conforms(const PasswordRules& rules, std::string_view password) {
  if (utf8::length(password) < static_cast<size_t>(rules.minimum_length)) return false;
  bool upper = false, lower = false, digit = false, symbol = false;
  for (char c : password) {
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
    digit = digit || (c >= '0' && c <= '9');
    symbol = symbol || is_password_symbol(c);
  }
  if (rules.require_uppercase && !upper) return false;
  if (rules.require_lowercase && !lower) return false;
  if (rules.require_numbers && !digit) return false;
  if (rules.require_symbols && !symbol) return false;
  const int kinds = int(upper) + int(lower) + int(digit) + int(symbol);
  return kinds >= rules.required_kinds;
}

}  // namespace localiam::credentials
