// A web identity token whose claims nest deeply must be refused by parse_jwt() without
// recursing (RapidJSON's DOM parser recurses once per level); normal nesting still parses.
#include <catch2/catch.hpp>
#include <string>

#include "federation/base64.hpp"
#include "federation/jwt.hpp"

using namespace localiam::federation;

TEST_CASE("parse_jwt refuses claims nested deeper than any token needs", "[federation]") {
  const std::string header = base64url_encode(R"({"alg":"RS256","typ":"JWT"})");
  const std::string deep =
      R"({"sub":"x","c":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK_FALSE(parse_jwt(header + "." + base64url_encode(deep) + "."));
  const std::string tags =
      R"({"sub":"x","https://aws.amazon.com/tags":{"principal_tags":{"team":["blue"]}}})";
  auto jwt = parse_jwt(header + "." + base64url_encode(tags) + ".");
  REQUIRE(jwt);
  CHECK(jwt->string_claim("sub") == std::string("x"));
}
