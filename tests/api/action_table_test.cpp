// The action table's invariants, each checked against a fact from outside the table: the
// operations of botocore's IAM and STS models (tests/integration/fixtures/botocore-members.json,
// written from the model by tests/integration/support/botocore_members.py), the two STS
// operations that model marks unsigned, and what an action's verb says about writing.
#include "api/action_table.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

using namespace localiam::api;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool starts_with_any(std::string_view name, std::initializer_list<std::string_view> verbs) {
  return std::any_of(verbs.begin(), verbs.end(),
                     [&](std::string_view verb) { return name.starts_with(verb); });
}

}  // namespace

TEST_CASE("every row has a handler; rows are sorted and unique per service", "[api][actions]") {
  const auto& table = all_actions();
  REQUIRE_FALSE(table.empty());
  std::set<std::pair<Service, std::string_view>> seen;
  for (size_t i = 0; i < table.size(); ++i) {
    const Action& a = table[i];
    INFO(a.policy_action());
    CHECK(a.handler != nullptr);
    CHECK_FALSE(a.name.empty());
    CHECK(seen.insert({a.service, a.name}).second);
    CHECK(find_action(a.service, a.name) == &a);
    if (i > 0) {
      const Action& before = table[i - 1];
      CHECK(std::pair{before.service, before.name} < std::pair{a.service, a.name});
    }
  }
}

TEST_CASE("every operation of botocore's IAM and STS models is one row of its service",
          "[api][actions]") {
  const std::string json = read_file(std::filesystem::path(LOCALIAM_TEST_DATA_DIR) / "integration" /
                                     "fixtures" / "botocore-members.json");
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(doc.HasParseError());
  const rapidjson::Value& services = doc["services"];
  const std::pair<const char*, Service> known[] = {{"iam", Service::kIam}, {"sts", Service::kSts}};
  size_t operations = 0;
  for (const auto& [key, service] : known) {
    REQUIRE(services.HasMember(key));
    for (const auto& op : services[key].GetObject()) {
      const std::string_view name(op.name.GetString(), op.name.GetStringLength());
      INFO(key << ":" << name);
      const auto rows =
          std::count_if(all_actions().begin(), all_actions().end(),
                        [&](const Action& a) { return a.service == service && a.name == name; });
      CHECK(rows == 1);
      ++operations;
    }
  }
  // botocore 1.43.11 has 176 IAM and 11 STS operations; the table may hold newer ones too.
  CHECK(operations >= 187);
  CHECK(all_actions().size() >= operations);
}

TEST_CASE("only AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned", "[api][actions]") {
  // The two operations botocore's STS model marks "auth": ["smithy.api#noAuth"]: the caller
  // proves who it is with a token or an assertion, not a signature.
  std::set<std::string> unsigned_actions;
  for (const Action& a : all_actions())
    if (!a.needs_signature) unsigned_actions.insert(a.policy_action());
  CHECK(unsigned_actions ==
        std::set<std::string>{"sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"});
}

TEST_CASE("actions named for a change write; reads write only to issue credentials",
          "[api][actions]") {
  // Reads change nothing, except the STS calls that store the session they issue and
  // GetWebIdentityToken, which makes the account's issuer key on first use.
  const std::set<std::string> reads_that_write = {"sts:GetSessionToken", "sts:GetFederationToken",
                                                  "sts:GetScopedCredentials",
                                                  "sts:GetWebIdentityToken"};
  // AssumeRoot is always refused (localiam has no AWS Organizations), so it never writes.
  const std::set<std::string> changes_that_never_write = {"sts:AssumeRoot"};
  for (const Action& a : all_actions()) {
    INFO(a.policy_action());
    const bool read = starts_with_any(a.name, {"Get", "List", "Simulate", "Decode"});
    const bool change = starts_with_any(
        a.name, {"Create", "Delete",   "Put",     "Update",     "Attach", "Detach",    "Add",
                 "Remove", "Tag",      "Untag",   "Upload",     "Enable", "Disable",   "Set",
                 "Change", "Reset",    "Resync",  "Deactivate", "Accept", "Associate", "Reject",
                 "Send",   "Generate", "Acquire", "Assume"});
    REQUIRE(read != change);  // a new verb is classified here, deliberately
    if (read) CHECK(a.writes == reads_that_write.contains(a.policy_action()));
    if (change) CHECK(a.writes != changes_that_never_write.contains(a.policy_action()));
    // An action without a <Result> is only worth calling for what it changes.
    if (!a.has_result) CHECK(a.writes);
  }
}

TEST_CASE("a service has one name, its actions' prefix in policies", "[api][actions]") {
  // The names AWS gives them: the signing names and the prefixes of "iam:CreateUser" and
  // "sts:AssumeRole" in IAM policies.
  CHECK(service_name(Service::kIam) == "iam");
  CHECK(service_name(Service::kSts) == "sts");
  for (Service service : {Service::kIam, Service::kSts})
    CHECK(service_from_name(service_name(service)) == service);
  CHECK(service_from_name("IAM") == std::nullopt);  // signing names are lower case
  CHECK(service_from_name("s3") == std::nullopt);
  CHECK(service_from_name("") == std::nullopt);
  CHECK(find_action(Service::kIam, "CreateUser")->policy_action() == "iam:CreateUser");
  CHECK(find_action(Service::kSts, "AssumeRole")->policy_action() == "sts:AssumeRole");
  CHECK(policy_action(Service::kSts, "TagSession") == "sts:TagSession");
}
