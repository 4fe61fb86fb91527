#include "storage/policy_repository.hpp"

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"

using namespace localiam::storage;

namespace {

PolicyRow make_policy(Database& db, const char* name) {
  PolicyRow p;
  p.account_id = "000000000000";
  p.name = name;
  p.policy_id = std::string("ANPA") + name;
  p.path = "/";
  p.arn = std::string("arn:aws:iam::000000000000:policy/") + name;
  p.default_version = "v1";
  p.create_date = p.update_date = 1;
  PolicyRepository(db).insert(p, "{}");
  return p;
}

}  // namespace

TEST_CASE("policy versions come newest first by number, not by text", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  PolicyRepository repo(db);
  PolicyRow p = make_policy(db, "Versioned");
  for (int n = 2; n <= 11; ++n) repo.add_version(p.row, {"v" + std::to_string(n), "{}", n});
  for (int n = 2; n <= 7; ++n) CHECK(repo.remove_version(p.row, "v" + std::to_string(n)));
  CHECK_FALSE(repo.remove_version(p.row, "v2"));
  std::vector<std::string> ids;
  for (const auto& v : repo.versions(p.row)) ids.push_back(v.version_id);
  CHECK(ids == std::vector<std::string>{"v11", "v10", "v9", "v8", "v1"});

  p.default_version = "v10";
  p.next_version = 12;
  p.update_date = 99;
  repo.update_versioning(p);
  PolicyRow again = *repo.find_by_arn(p.arn);
  CHECK(again.default_version == "v10");
  CHECK(again.next_version == 12);
  CHECK(again.update_date == 99);

  repo.remove(p.row);
  CHECK(repo.versions(p.row).empty());
}

TEST_CASE("attached entities are listed by name, filtered by path, in pages", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  PolicyRepository repo(db);
  UserRepository users(db);
  RoleRepository roles(db);
  PolicyRow p = make_policy(db, "Shared");
  for (const char* name : {"uc", "ua", "ub"}) {
    UserRow u{0,
              "000000000000",
              name,
              std::string("AIDA") + name,
              std::string(name) == "ub" ? "/team/" : "/",
              1};
    users.insert(u);
    repo.attach(AttachmentTarget::kUser, "000000000000", u.row, p.arn);
  }
  RoleRow r;
  r.account_id = "000000000000";
  r.name = "ra";
  r.role_id = "AROAra";
  r.path = "/";
  r.trust_policy = "{}";
  roles.insert(r);
  repo.attach(AttachmentTarget::kRole, "000000000000", r.row, p.arn);

  auto first = repo.attached_entities(AttachmentTarget::kUser, "000000000000", p.arn, {"/", "", 2});
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0].name == "ua");
  CHECK(first.items[0].id == "AIDAua");
  CHECK(first.items[1].name == "ub");
  CHECK(first.truncated);
  auto rest =
      repo.attached_entities(AttachmentTarget::kUser, "000000000000", p.arn, {"/", "ub", 2});
  REQUIRE(rest.items.size() == 1);
  CHECK(rest.items[0].name == "uc");
  CHECK_FALSE(rest.truncated);
  auto team =
      repo.attached_entities(AttachmentTarget::kUser, "000000000000", p.arn, {"/team/", "", 10});
  REQUIRE(team.items.size() == 1);
  CHECK(team.items[0].name == "ub");
  auto role_list =
      repo.attached_entities(AttachmentTarget::kRole, "000000000000", p.arn, {"/", "", 10});
  REQUIRE(role_list.items.size() == 1);
  CHECK(role_list.items[0].id == "AROAra");
  CHECK(repo.attached_entities(AttachmentTarget::kGroup, "000000000000", p.arn, {"/", "", 10})
            .items.empty());
  // Zero room still tells whether something follows.
  CHECK(repo.attached_entities(AttachmentTarget::kRole, "000000000000", p.arn, {"/", "", 0})
            .truncated);
}
