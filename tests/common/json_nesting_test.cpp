// json_nesting_within(): the guard in front of RapidJSON's recursive parser for request bodies.
// The deep input is the one that crashed the server through POST /_localiam/clock (a stack
// overflow in RapidJSON's recursive descent).
#include "common/json_nesting.hpp"

#include <catch2/catch.hpp>
#include <string>

using localiam::json_nesting_within;
using localiam::kMaxJsonNesting;

TEST_CASE("json_nesting_within counts arrays and objects, not brackets in strings", "[common]") {
  CHECK(json_nesting_within(""));
  CHECK(json_nesting_within(R"({"a":[1,{"b":[]}]})", 4));
  CHECK_FALSE(json_nesting_within(R"({"a":[1,{"b":[]}]})", 3));
  CHECK(json_nesting_within(R"({"a":"[[[[{{{{"})", 1));
  CHECK(json_nesting_within(R"({"a":"\"[[[["})", 1));  // escaped quote stays in the string
  CHECK(json_nesting_within(R"(["\\",[[]]])", 3));     // backslash, then the string ends
  CHECK_FALSE(json_nesting_within(R"(["\\",[[]]])", 2));
  CHECK(json_nesting_within("]]]]}}}}[", 1));  // not JSON: the parser reports it
  CHECK(json_nesting_within(std::string(kMaxJsonNesting, '[')));
  CHECK_FALSE(json_nesting_within(std::string(kMaxJsonNesting + 1, '[')));
}

TEST_CASE("json_nesting_within refuses the 2 MiB body of '[' that overflowed the stack",
          "[common]") {
  const std::string body(2 * 1024 * 1024, '[');
  CHECK_FALSE(json_nesting_within(body));
  std::string balanced = std::string(100000, '[') + std::string(100000, ']');
  CHECK_FALSE(json_nesting_within(balanced));
  std::string flat = "[";
  for (int i = 0; i < 100000; ++i) flat += "[],";
  flat += "[]]";
  CHECK(json_nesting_within(flat));
}
