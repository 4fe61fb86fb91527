// The seed file: its shape is checked with the line and field of each error, and applying it
// creates every entity through the IAM actions.
#include "server/seed.hpp"

#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "common/located_json.hpp"
#include "storage/credential_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"

using namespace localiam;

namespace {

const char* kSeed = R"({
  "policies": [
    {"name": "Read", "path": "/team/",
     "document": {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}}
  ],
  "groups": [{"name": "devs", "policies": ["Read"]}],
  "users": [
    {"name": "alice", "groups": ["devs"], "tags": {"team": "a"},
     "access_keys": [{"id": "AKIAALICE00000000001", "secret": "s3cret"}]}
  ],
  "roles": [
    {"name": "ci", "max_session_duration": 7200,
     "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}"}
  ],
  "accounts": [{"id": "111111111111", "users": [{"name": "bob"}]}]
})";

struct Fixture {
  storage::Database db{":memory:"};
  Clock clock;
  api::ServiceContext service{api::ServiceConfig{}, db, clock};

  std::string apply(const server::Seed& seed) {
    auto lock = db.lock();
    storage::Transaction tx(db);
    std::string error = seed.apply(service);
    if (error.empty()) tx.commit();
    return error;
  }
};

std::string parse_error(const std::string& text) {
  std::string error;
  auto seed = server::Seed::parse(text, "seed.json", "000000000000", error);
  CHECK_FALSE(seed);
  return error;
}

}  // namespace

TEST_CASE("located JSON knows the line of every value", "[server][seed]") {
  auto r = localiam::parse_located_json("{\n  \"a\": [1,\n  \"x\"],\n  \"b\": {\"c\": true}\n}");
  REQUIRE(r.error.empty());
  const auto* a = r.value.find("a");
  REQUIRE(a);
  CHECK(a->line == 2);
  CHECK(a->items[0].text == "1");
  CHECK(a->items[1].line == 3);
  CHECK(r.value.find("b")->line == 4);
  CHECK(r.value.find("b")->find("c")->boolean);
  auto bad = localiam::parse_located_json("{\n\"a\": 1,\n}");
  CHECK(bad.error.starts_with("line 3: "));
}

TEST_CASE("a seed creates its entities through the IAM actions", "[server][seed]") {
  std::string error;
  auto seed = server::Seed::parse(kSeed, "seed.json", "000000000000", error);
  REQUIRE(error.empty());
  REQUIRE(seed);
  Fixture f;
  REQUIRE(f.apply(*seed).empty());
  auto lock = f.db.lock();
  auto alice = storage::UserRepository(f.db).find("000000000000", "alice");
  REQUIRE(alice);
  CHECK(alice->user_id.starts_with("AIDA"));
  auto key = storage::AccessKeyRepository(f.db).find("AKIAALICE00000000001");
  REQUIRE(key);
  CHECK(key->secret == "s3cret");
  CHECK(key->status == "Active");
  auto devs = storage::GroupRepository(f.db).find("000000000000", "devs");
  REQUIRE(devs);
  CHECK(storage::GroupRepository(f.db).member_count(devs->row) == 1);
  CHECK(
      storage::PolicyRepository(f.db).attached_arns(storage::AttachmentTarget::kGroup, devs->row) ==
      std::vector<std::string>{"arn:aws:iam::000000000000:policy/team/Read"});
  auto ci = storage::RoleRepository(f.db).find("000000000000", "ci");
  REQUIRE(ci);
  CHECK(ci->max_session_duration == 7200);
  CHECK(storage::UserRepository(f.db).find("111111111111", "bob"));
  CHECK_FALSE(storage::UserRepository(f.db).find("000000000000", "bob"));
}

TEST_CASE("seed shape errors name the line and the field", "[server][seed]") {
  CHECK(parse_error("{\n  \"users\": [\n    {\"name\": 5}\n  ]\n}") ==
        "seed.json:3: users[0].name: must be a string, not a number");
  CHECK(parse_error("{\"users\": [{\"nam\": \"x\"}]}") ==
        "seed.json:1: users[0].nam: unknown field (expected one of: name, path, groups, policies, "
        "inline_policies, tags, access_keys, permissions_boundary)");
  CHECK(parse_error("{\n\"roles\": [{\"name\": \"r\"}]}") ==
        "seed.json:2: roles[0]: \"assume_role_policy\" is required");
  CHECK(parse_error("{\"accounts\": [{\"id\": \"12\"}]}") ==
        "seed.json:1: accounts[0].id: an account ID is 12 digits");
  CHECK(parse_error("{\"calls\": [{\"action\": \"LaunchRocket\"}]}") ==
        "seed.json:1: calls[0].action: this localiam has no IAM action LaunchRocket");
  CHECK(parse_error("{\n\n\"users\": [}").starts_with("seed.json:3: "));
}

TEST_CASE("seed content errors carry IAM's error and the field", "[server][seed]") {
  Fixture f;
  auto apply = [&](const std::string& text) {
    std::string error;
    auto seed = server::Seed::parse(text, "seed.json", "000000000000", error);
    REQUIRE(seed);
    return f.apply(*seed);
  };
  CHECK(apply("{\"users\": [\n{\"name\": \"bad name!\"}]}") ==
        "seed.json:2: users[0].name: ValidationError: 1 validation error detected: Value at "
        "'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[\\w+=,.@-]+");
  CHECK(apply("{\"users\": [{\"name\": \"u\",\n \"groups\": [\"nope\"]}]}") ==
        "seed.json:2: users[0].groups[0]: AddUserToGroup failed: NoSuchEntity: The group with "
        "name nope cannot be found.");
  std::string malformed =
      apply("{\"policies\": [{\"name\": \"p\",\n\"document\": {\"Version\": \"2012-10-17\"}}]}");
  CHECK(malformed.starts_with(
      "seed.json:2: policies[0].document: CreatePolicy failed: MalformedPolicyDocument"));
  CHECK(apply("{\"users\": [{\"name\": \"k\", \"access_keys\": [\n{\"id\": \"short\", \"secret\": "
              "\"x\"}]}]}") ==
        "seed.json:2: users[0].access_keys[0].id: an access key ID has 16 to 128 characters of "
        "[A-Za-z0-9_]");
  // Nothing of a failed seed stays: the caller rolled back.
  auto lock = f.db.lock();
  CHECK_FALSE(storage::UserRepository(f.db).find("000000000000", "k"));
}

TEST_CASE("located JSON refuses nesting deeper than its bound", "[seed]") {
  const std::string deep = std::string(600, '[') + std::string(600, ']');
  auto r = localiam::parse_located_json(deep);
  CHECK(r.error == "line 1: arrays and objects nest deeper than 512 levels");
  const std::string fine = std::string(500, '[') + std::string(500, ']');
  CHECK(localiam::parse_located_json(fine).error.empty());
}
