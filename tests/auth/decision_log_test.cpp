// The decision log: a bounded window of the newest decisions, read back through filters, and the
// JSON the admin endpoint answers.
#include "auth/decision_log.hpp"

#include <catch2/catch.hpp>

#include "policy/policy_cache.hpp"

using namespace localiam;
using namespace localiam::api;

namespace {

DecisionEntry entry(std::string principal, std::string action, std::string decision,
                    int64_t time_ms) {
  DecisionEntry e;
  e.principal = std::move(principal);
  e.action = std::move(action);
  e.resource = "*";
  e.decision = std::move(decision);
  e.time_ms = time_ms;
  return e;
}

std::vector<std::string> actions(const std::vector<DecisionEntry>& entries) {
  std::vector<std::string> out;
  for (const DecisionEntry& e : entries) out.push_back(e.action);
  return out;
}

}  // namespace

TEST_CASE("the decision log keeps the newest entries up to its capacity", "[decisions]") {
  DecisionLog log(3);
  for (int i = 1; i <= 5; ++i) log.add(entry("u", "iam:A" + std::to_string(i), "allowed", i));
  CHECK(log.size() == 3);
  const std::vector<DecisionEntry> kept = log.find({});
  CHECK(actions(kept) == std::vector<std::string>{"iam:A3", "iam:A4", "iam:A5"});
  CHECK(kept.front().sequence == 3);
  CHECK(kept.back().sequence == 5);
  DecisionLog none(0);
  none.add(entry("u", "iam:A", "allowed", 1));
  CHECK(none.size() == 0);
}

TEST_CASE("the decision log's filters", "[decisions]") {
  DecisionLog log(100);
  log.add(entry("arn:aws:iam::1:user/a", "iam:GetUser", "allowed", 1000));
  log.add(entry("arn:aws:iam::1:user/a", "s3:GetObject", "implicitDeny", 2000));
  log.add(entry("arn:aws:iam::1:user/b", "iam:ListUsers", "explicitDeny", 3000));
  log.add(entry("arn:aws:iam::1:user/a", "iam:ListRoles", "implicitDeny", 4000));
  DecisionFilter f;
  f.principal = "arn:aws:iam::1:user/a";
  CHECK(actions(log.find(f)) ==
        std::vector<std::string>{"iam:GetUser", "s3:GetObject", "iam:ListRoles"});
  f = {};
  f.action = "IAM:list*";  // case-insensitive, as actions are
  CHECK(actions(log.find(f)) == std::vector<std::string>{"iam:ListUsers", "iam:ListRoles"});
  f = {};
  f.decision = "denied";
  CHECK(actions(log.find(f)) ==
        std::vector<std::string>{"s3:GetObject", "iam:ListUsers", "iam:ListRoles"});
  f.decision = "explicitDeny";
  CHECK(actions(log.find(f)) == std::vector<std::string>{"iam:ListUsers"});
  f = {};
  f.since_ms = 3000;
  CHECK(actions(log.find(f)) == std::vector<std::string>{"iam:ListUsers", "iam:ListRoles"});
  f = {};
  f.limit = 2;  // the newest two, oldest first
  CHECK(actions(log.find(f)) == std::vector<std::string>{"iam:ListUsers", "iam:ListRoles"});
}

TEST_CASE("decision entries from the authoriser, as JSON", "[decisions]") {
  const std::string document =
      R"({"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]})";
  AuthzDecision d;
  d.effect = policy::Decision::kExplicitDeny;
  d.decided_by = PolicyType::kBoundary;
  d.reason = "with an explicit deny in a permissions boundary";
  const auto compiled = policy::compiled_policy_for(document);
  REQUIRE(compiled);
  DecidingStatement s;
  s.policy_id = "edge";
  s.source_type = policy::SourceType::kUserManaged;
  s.type = PolicyType::kBoundary;
  s.policy = compiled.get();
  s.index = 0;
  s.effect = policy::Effect::kDeny;
  d.statements.push_back(s);
  d.keys_asked = {"aws:SourceIp"};
  d.keys_missing = {"aws:SourceIp"};
  DecisionEntry e = decision_entry(d, "s3:DeleteObject", "arn:aws:s3:::b/k");
  CHECK(e.decision == "explicitDeny");
  CHECK(e.decided_by == "permissionsBoundary");
  REQUIRE(e.statements.size() == 1);
  CHECK(e.statements[0].sid == "NoDelete");
  CHECK(e.statements[0].index == 1);
  CHECK(e.statements[0].effect == "Deny");
  e.time_ms = 1'765'101'600'123;  // 2025-12-07T10:00:00.123Z
  e.request_id = "r-1";
  e.principal = "arn:aws:iam::000000000000:user/\"q\"";
  e.sequence = 7;
  CHECK(
      decisions_json({e}, 50) ==
      R"({"capacity":50,"decisions":[{"sequence":7,"time":"2025-12-07T10:00:00.123Z",)"
      R"("requestId":"r-1","principal":"arn:aws:iam::000000000000:user/\"q\"","account":"","region":"",)"
      R"("action":"s3:DeleteObject","resource":"arn:aws:s3:::b/k","decision":"explicitDeny",)"
      R"("decidedBy":"permissionsBoundary","reason":"with an explicit deny in a permissions )"
      R"(boundary","statements":[{"policy":"edge","policyType":"permissionsBoundary",)"
      R"("sid":"NoDelete","index":1,"effect":"Deny"}],"contextKeysAsked":["aws:SourceIp"],)"
      R"("contextKeysMissing":["aws:SourceIp"]}]})");
}
