// `localiam decisions` output: one line a decision, the deciding statement or AWS's reason
// under each denial, colour only when asked.
#include "server/decision_lines.hpp"

#include <catch2/catch.hpp>

using localiam::server::decision_lines;

TEST_CASE("decision lines for a person", "[decisions]") {
  const std::string json =
      R"({"capacity":10,"decisions":[)"
      R"({"time":"2026-12-07T10:00:00.000Z","principal":"arn:aws:iam::1:user/u","action":"iam:GetUser","resource":"arn:aws:iam::1:user/u","decision":"allowed","statements":[{"policy":"p","policyType":"identity","sid":"","index":2,"effect":"Allow"}],"reason":""},)"
      R"({"time":"2026-12-07T10:00:01.000Z","principal":"arn:aws:iam::1:user/u","action":"iam:ListUsers","resource":"*","decision":"explicitDeny","statements":[{"policy":"edge","policyType":"permissionsBoundary","sid":"","index":3,"effect":"Deny"}],"reason":"with an explicit deny in a permissions boundary"},)"
      R"({"time":"2026-12-07T10:00:02.000Z","principal":"arn:aws:iam::1:user/u","action":"iam:ListRoles","resource":"*","decision":"implicitDeny","statements":[],"reason":"because no identity-based policy allows the iam:ListRoles action"}]})";
  const auto plain = decision_lines(json, false);
  REQUIRE(plain);
  CHECK(*plain ==
        "2026-12-07T10:00:00.000Z  allowed       arn:aws:iam::1:user/u  iam:GetUser  "
        "arn:aws:iam::1:user/u\n"
        "2026-12-07T10:00:01.000Z  explicitDeny  arn:aws:iam::1:user/u  iam:ListUsers  *\n"
        "    Deny in permissionsBoundary policy \"edge\", statement 3\n"
        "2026-12-07T10:00:02.000Z  implicitDeny  arn:aws:iam::1:user/u  iam:ListRoles  *\n"
        "    because no identity-based policy allows the iam:ListRoles action\n");
  const auto coloured = decision_lines(json, true);
  REQUIRE(coloured);
  CHECK(coloured->find("\033[32mallowed\033[0m") != std::string::npos);
  CHECK(coloured->find("\033[31mexplicitDeny\033[0m") != std::string::npos);
  CHECK_FALSE(decision_lines("not json", false));
  CHECK_FALSE(decision_lines(R"({"error":"x"})", false));
  CHECK(decision_lines(R"({"decisions":[]})", false) == "");
}
