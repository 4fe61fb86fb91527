// Console passwords: the PBKDF2 hash round trip (salted, self-describing, refusing wrong
// passwords and malformed stored text) and the password-policy checker, table-driven.
#include <catch2/catch.hpp>
#include <string>

#include "credentials/password_hash.hpp"
#include "credentials/password_rules.hpp"

using namespace localiam::credentials;

TEST_CASE("a password hash verifies its password and nothing else", "[credentials][password]") {
  const std::string hash = hash_password("Correct-Horse-1", 1000);
  CHECK(hash.rfind("pbkdf2-sha256$1000$", 0) == 0);
  CHECK(hash.find("Correct-Horse-1") == std::string::npos);
  CHECK(verify_password("Correct-Horse-1", hash));
  CHECK_FALSE(verify_password("Correct-Horse-2", hash));
  CHECK_FALSE(verify_password("", hash));
  // Salted: the same password hashes differently each time; both verify.
  const std::string again = hash_password("Correct-Horse-1", 1000);
  CHECK(again != hash);
  CHECK(verify_password("Correct-Horse-1", again));
}

TEST_CASE("malformed stored hashes never verify", "[credentials][password]") {
  const std::string good = hash_password("pw", 10);
  for (const std::string& bad :
       {std::string(""), std::string("pw"), std::string("sha1$10$AAAA$AAAA"),
        std::string("pbkdf2-sha256$0$") + good.substr(good.find('$', 14) + 1),
        std::string("pbkdf2-sha256$x$AAAA$AAAA"), good + "$extra", good.substr(0, good.size() - 4)})
    CHECK_FALSE(verify_password("pw", bad));
}

TEST_CASE("password rules", "[credentials][password]") {
  PasswordRules plain;  // UpdateAccountPasswordPolicy's defaults: 6 characters, nothing else
  PasswordRules strict;
  strict.minimum_length = 10;
  strict.require_symbols = strict.require_numbers = true;
  strict.require_uppercase = strict.require_lowercase = true;
  const PasswordRules aws_default = default_password_rules();
  struct Case {
    const PasswordRules& rules;
    std::string password;
    bool ok;
  };
  const Case cases[] = {
      {plain, "abcdef", true},
      {plain, "abcde", false},
      {plain, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", false},  // 5 characters, 10 bytes
      {strict, "Abcdefgh1!", true},
      {strict, "Abcdefgh1", false},   // no symbol
      {strict, "Abcdefgh!!", false},  // no number
      {strict, "abcdefgh1!", false},  // no upper case
      {strict, "ABCDEFGH1!", false},  // no lower case
      {strict, "Abcdef1!", false},    // too short
      {strict, "Abcdefgh1~", false},  // '~' is not one of AWS's symbols
      {strict, "Abcdefgh1'", true},
      {aws_default, "Abcdefg1", true},   // three kinds
      {aws_default, "abcdefg1", false},  // two kinds
      {aws_default, "Abc1!", false},     // too short
      {aws_default, "abcdef!1", true},
  };
  for (const Case& c : cases) {
    INFO(c.password);
    CHECK(password_conforms(c.rules, c.password) == c.ok);
  }
  for (char c : std::string("!@#$%^&*()_+-=[]{}|'")) CHECK(is_password_symbol(c));
  for (char c : std::string("~.,<>?/\\\" a1")) CHECK_FALSE(is_password_symbol(c));
}
