// common/ascii: case folding touches A-Z only, never other bytes (UTF-8 included).
#include "common/ascii.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace ascii = localiam::ascii;

TEST_CASE("ascii::to_lower folds A-Z and nothing else", "[common][ascii]") {
  CHECK(ascii::to_lower("AWS:PrincipalTag/Team") == "aws:principaltag/team");
  CHECK(ascii::to_lower("") == "");
  CHECK(ascii::to_lower("@[`{") == "@[`{");                    // the neighbours of A-Z and a-z
  CHECK(ascii::to_lower("\xC3\x89QUIPE") == "\xC3\x89quipe");  // É stays as it is
  CHECK(ascii::to_lower(std::string("A\0B", 3)) == std::string("a\0b", 3));
  static_assert(ascii::to_lower('A') == 'a' && ascii::to_lower('Z') == 'z');
  static_assert(ascii::to_lower('@') == '@' && ascii::to_lower('[') == '[');
  static_assert(ascii::to_lower('\xC9') == '\xC9');
}

TEST_CASE("ascii::iequals and starts_with_icase", "[common][ascii]") {
  CHECK(ascii::iequals("Content-Type", "content-type"));
  CHECK(ascii::iequals("", ""));
  CHECK_FALSE(ascii::iequals("Content-Type", "content-typ"));
  CHECK_FALSE(ascii::iequals("a", "b"));
  CHECK_FALSE(ascii::iequals("@", "`"));  // 0x40 and 0x60 differ by 32 but are not letters
  CHECK_FALSE(ascii::iequals("\xC3\xA9", "\xC3\x89"));  // é and É: not ASCII, not folded
  CHECK(ascii::starts_with_icase("HTTPS://example.com", "https://"));
  CHECK(ascii::starts_with_icase("https://", "https://"));
  CHECK_FALSE(ascii::starts_with_icase("http://", "https://"));
  CHECK_FALSE(ascii::starts_with_icase("", "h"));
  CHECK(ascii::starts_with_icase("x", ""));
}

TEST_CASE("ascii::iless orders as a case-insensitive sorted list; icontains finds a part",
          "[common][ascii]") {
  using localiam::ascii::icontains;
  using localiam::ascii::iless;
  CHECK(iless("alice", "Bob"));
  CHECK_FALSE(iless("Bob", "alice"));
  CHECK_FALSE(iless("ALICE", "alice"));
  CHECK_FALSE(iless("alice", "ALICE"));
  CHECK(iless("ali", "ALICE"));
  CHECK(iless("z", "\xc3\xa9"));  // bytes past ASCII sort after it
  std::vector<std::string> names{"carol", "Alice", "bob", "ALICIA"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return iless(a, b); });
  CHECK(names == std::vector<std::string>{"Alice", "ALICIA", "bob", "carol"});
  CHECK(icontains("ReadOnlyAccess", "onlyacc"));
  CHECK(icontains("anything", ""));
  CHECK_FALSE(icontains("Read", "reads"));
  CHECK_FALSE(icontains("", "a"));
}
