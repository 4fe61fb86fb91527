#include "policy/policy_parser.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "policy/compiled_policy.hpp"

using localiam::policy::Effect;
using localiam::policy::parse_policy;
using localiam::policy::ParsedPolicy;
using localiam::policy::PolicyKind;

namespace {

ParsedPolicy parse_ok(const std::string& text, PolicyKind kind = PolicyKind::kIdentity) {
  auto result = parse_policy(text, kind);
  INFO(text);
  if (!result.ok()) FAIL("unexpected error: " << result.error().message);
  return std::move(result).value();
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("parser yields statements in document order", "[policy]") {
  const ParsedPolicy p = parse_ok(
      R"({"Version":"2012-10-17","Id":"P1","Statement":[)"
      R"({"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"]},)"
      R"({"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"*"}]})");
  REQUIRE(p.version == "2012-10-17");
  REQUIRE(p.id == "P1");
  REQUIRE(p.statements.size() == 2);

  const auto& a = p.statements[0];
  CHECK(a.sid == "A");
  CHECK(a.effect == Effect::kAllow);
  REQUIRE(a.actions);
  CHECK_FALSE(a.actions->negated);
  CHECK(a.actions->values == Strings{"s3:GetObject"});
  REQUIRE(a.resources);
  CHECK(a.resources->values == Strings{"arn:aws:s3:::b/*"});
  CHECK_FALSE(a.principal);
  CHECK(a.conditions.empty());

  const auto& b = p.statements[1];
  CHECK_FALSE(b.sid);
  CHECK(b.effect == Effect::kDeny);
  CHECK(b.actions->negated);
  CHECK(b.actions->values == Strings{"iam:*", "sts:*"});
  CHECK(b.resources->negated);
  CHECK(b.resources->values == Strings{"*"});
}

TEST_CASE("parser: a single statement object and absent elements", "[policy]") {
  const ParsedPolicy p = parse_ok(R"({"Statement":{"Effect":"Allow"}})");
  CHECK_FALSE(p.version);
  CHECK_FALSE(p.id);
  REQUIRE(p.statements.size() == 1);
  CHECK_FALSE(p.statements[0].actions);
  CHECK_FALSE(p.statements[0].resources);
  // An empty list is kept as such; the validator decides what it means.
  const ParsedPolicy q = parse_ok(R"({"Statement":{"Effect":"Allow","Action":[]}})");
  REQUIRE(q.statements[0].actions);
  CHECK(q.statements[0].actions->values.empty());
}

TEST_CASE("parser: principals", "[policy]") {
  const ParsedPolicy p =
      parse_ok(R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com",)"
               R"("AWS":["arn:aws:iam::1:root","2"]},"Action":"sts:AssumeRole"},)"
               R"({"Effect":"Deny","NotPrincipal":"*","Action":"sts:AssumeRole"}]})",
               PolicyKind::kTrust);
  const auto& a = p.statements[0].principal;
  REQUIRE(a);
  CHECK_FALSE(a->negated);
  CHECK_FALSE(a->any);
  REQUIRE(a->by_type.size() == 2);
  CHECK(a->by_type[0].first == "Service");
  CHECK(a->by_type[0].second == Strings{"ec2.amazonaws.com"});
  CHECK(a->by_type[1].first == "AWS");
  CHECK(a->by_type[1].second == Strings{"arn:aws:iam::1:root", "2"});
  const auto& b = p.statements[1].principal;
  REQUIRE(b);
  CHECK(b->negated);
  CHECK(b->any);
}

TEST_CASE("parser: conditions keep scalars as text", "[policy]") {
  const ParsedPolicy p = parse_ok(
      R"({"Statement":{"Effect":"Allow","Condition":{"NumericLessThan":{"s3:max-keys":10},)"
      R"("Bool":{"aws:SecureTransport":true},"StringEquals":{"k":["a",2.5,-3]}}}})");
  const auto& c = p.statements[0].conditions;
  REQUIRE(c.size() == 3);
  CHECK((c[0].op == "NumericLessThan" && c[0].key == "s3:max-keys"));
  CHECK(c[0].values == Strings{"10"});
  CHECK((c[1].op == "Bool" && c[1].values == Strings{"true"}));
  CHECK((c[2].op == "StringEquals" && c[2].key == "k"));
  CHECK(c[2].values == Strings{"a", "2.5", "-3"});
}

TEST_CASE("parser: duplicate keys keep their first position and last value", "[policy]") {
  const ParsedPolicy p = parse_ok(
      R"({"Statement":{"Effect":"Allow","Condition":{)"
      R"("StringEquals":{"a":"1","b":"2","a":"3"},"Bool":{"x":true},"StringEquals":{"c":"4"}},)"
      R"("Principal":{"AWS":"first","Service":"s","AWS":["second"]}}})",
      PolicyKind::kTrust);
  const auto& c = p.statements[0].conditions;
  REQUIRE(c.size() == 2);
  CHECK((c[0].op == "StringEquals" && c[0].key == "c" && c[0].values == Strings{"4"}));
  CHECK((c[1].op == "Bool" && c[1].key == "x"));
  const auto& principal = p.statements[0].principal;
  REQUIRE(principal->by_type.size() == 2);
  CHECK(principal->by_type[0].first == "AWS");
  CHECK(principal->by_type[0].second == Strings{"second"});
}

TEST_CASE("parser: error messages", "[policy]") {
  struct Row {
    PolicyKind kind;
    const char* text;
    const char* message;
  };
  for (const Row& r : std::vector<Row>{
           {PolicyKind::kIdentity, "{", "Syntax errors in policy."},
           {PolicyKind::kTrust, "{", "This policy contains invalid Json"},
           {PolicyKind::kSession, "{", "The policy is not in the valid JSON format."},
           {PolicyKind::kTrust, R"({"Statement":{"Effect":"Maybe"}})", "Syntax errors in policy."},
           {PolicyKind::kSession, R"({"Statement":7})", "Syntax errors in policy."},
       }) {
    INFO(r.text);
    auto result = parse_policy(r.text, r.kind);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "MalformedPolicyDocument");
    CHECK(result.error().message == r.message);
  }
}

TEST_CASE("parser: Effect in another letter case is in the grammar, and marked", "[policy]") {
  const ParsedPolicy p = parse_ok(
      R"({"Statement":[{"Effect":"Allow"},{"Effect":"allow"},{"Effect":"DENY"},{"Effect":"Deny"}]})");
  REQUIRE(p.statements.size() == 4);
  CHECK(p.statements[0].effect == Effect::kAllow);
  CHECK(p.statements[0].effect_exact_case);
  CHECK(p.statements[1].effect == Effect::kAllow);
  CHECK_FALSE(p.statements[1].effect_exact_case);
  CHECK(p.statements[2].effect == Effect::kDeny);
  CHECK_FALSE(p.statements[2].effect_exact_case);
  CHECK(p.statements[3].effect_exact_case);
  // Compiling for evaluation refuses it as before, rather than reading it as Allow.
  auto compiled = localiam::policy::compile_policy(
      R"({"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}})",
      PolicyKind::kIdentity);
  REQUIRE_FALSE(compiled.ok());
  CHECK(compiled.error().message == "Syntax errors in policy.");
}
