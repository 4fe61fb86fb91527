// The character and length rules an IAM user's console password must meet: the account's
// password policy when one is set, else AWS's default policy (8 to 128 characters, at least
// three of upper case, lower case, digits and symbols). Symbols are the ones AWS names:
// ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
// Length counts characters (UTF-8 code points), not bytes.
#pragma once

#include <string_view>

namespace localiam::credentials {

struct PasswordRules {
  int minimum_length = 6;  // UpdateAccountPasswordPolicy's default
  bool require_symbols = false;
  bool require_numbers = false;
  bool require_uppercase = false;
  bool require_lowercase = false;
  // AWS's default policy (no account policy set): this many of the four kinds of character.
  int required_kinds = 0;
};

// The rules that apply when the account has no password policy.
PasswordRules default_password_rules();

// Whether `password` meets `rules`.
bool password_conforms(const PasswordRules& rules, std::string_view password);

// Whether `c` is one of the symbols AWS's policy counts.
bool is_password_symbol(char c);

}  // namespace localiam::credentials
