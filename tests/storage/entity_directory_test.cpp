// The console's lists (storage/entity_directory.hpp): a part of the name in any case, keyset
// pages that together hold every match once, the count of matches, one account at a time; and
// the accounts that hold anything; and the users and roles who-can asks (UserRepository and
// RoleRepository::with_policies).
#include "storage/entity_directory.hpp"

#include <catch2/catch.hpp>

#include "storage/account_partition_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"

using namespace localiam::storage;

namespace {

constexpr const char* kAccount = "000000000000";
constexpr const char* kOther = "111111111111";

int64_t add_user(Database& db, const char* account, std::string name) {
  UserRow u;
  u.account_id = account;
  u.name = std::move(name);
  u.user_id = "AIDA" + u.name;
  u.path = "/";
  u.create_date = 100;
  UserRepository(db).insert(u);
  return u.row;
}

std::vector<std::string> names(const DirectoryPage& page) {
  std::vector<std::string> out;
  for (const DirectoryEntry& e : page.items) out.push_back(e.name);
  return out;
}

}  // namespace

TEST_CASE("the console's lists search names in any case and page by name", "[storage][console]") {
  Database db(":memory:");
  auto lock = db.lock();
  for (const char* name : {"Alice", "bob", "malice", "ALICIA", "carol"})
    add_user(db, kAccount, name);
  add_user(db, kOther, "alice-elsewhere");

  DirectoryPage all = list_directory(db, DirectoryKind::kUsers, {kAccount, "", "", 50});
  CHECK(names(all) == std::vector<std::string>{"ALICIA", "Alice", "bob", "carol", "malice"});
  CHECK(all.matching == 5);
  CHECK_FALSE(all.truncated);
  CHECK(all.items[1].id == "AIDAAlice");
  CHECK(all.items[1].create_date == 100);

  DirectoryPage found = list_directory(db, DirectoryKind::kUsers, {kAccount, "aLiC", "", 2});
  CHECK(names(found) == std::vector<std::string>{"ALICIA", "Alice"});
  CHECK(found.truncated);
  CHECK(found.matching == 3);
  DirectoryPage rest = list_directory(db, DirectoryKind::kUsers, {kAccount, "alic", "Alice", 2});
  CHECK(names(rest) == std::vector<std::string>{"malice"});
  CHECK_FALSE(rest.truncated);
  CHECK(rest.matching == 3);

  CHECK(list_directory(db, DirectoryKind::kUsers, {kAccount, "%", "", 50}).items.empty());
  CHECK(list_directory(db, DirectoryKind::kUsers, {kAccount, "_", "", 50}).items.empty());
  CHECK(list_directory(db, DirectoryKind::kGroups, {kAccount, "", "", 50}).matching == 0);
  CHECK(names(list_directory(db, DirectoryKind::kUsers, {kOther, "", "", 50})) ==
        std::vector<std::string>{"alice-elsewhere"});
}

TEST_CASE("every kind is listed from its own table", "[storage][console]") {
  Database db(":memory:");
  auto lock = db.lock();
  RoleRow role;
  role.account_id = kAccount;
  role.name = "deployer";
  role.role_id = "AROAEXAMPLE";
  role.path = "/ci/";
  role.trust_policy = "{}";
  role.create_date = 7;
  RoleRepository(db).insert(role);
  DirectoryPage roles = list_directory(db, DirectoryKind::kRoles, {kAccount, "", "", 10});
  REQUIRE(roles.items.size() == 1);
  CHECK(roles.items[0].path == "/ci/");
  CHECK(roles.items[0].id == "AROAEXAMPLE");
  CHECK(list_directory(db, DirectoryKind::kUsers, {kAccount, "", "", 10}).items.empty());
  CHECK(list_directory(db, DirectoryKind::kPolicies, {kAccount, "", "", 10}).items.empty());
}

TEST_CASE("the accounts that hold anything, in order", "[storage][console]") {
  Database db(":memory:");
  auto lock = db.lock();
  CHECK(known_accounts(db).empty());
  add_user(db, kOther, "x");
  AccountPartitionRepository(db).fix("222222222222", "aws-cn");
  add_user(db, kAccount, "y");
  CHECK(known_accounts(db) == std::vector<std::string>{kAccount, kOther, "222222222222"});
}

TEST_CASE("who could be allowed: users and roles with a policy, or users in a group",
          "[storage][console]") {
  Database db(":memory:");
  auto lock = db.lock();
  const int64_t inline_user = add_user(db, kAccount, "inline");
  const int64_t attached_user = add_user(db, kAccount, "attached");
  const int64_t member = add_user(db, kAccount, "member");
  add_user(db, kAccount, "bare");
  const int64_t elsewhere = add_user(db, kOther, "elsewhere");
  InlinePolicyRepository(db).put(InlineTarget::kUser, kAccount, inline_user, "p", "{}");
  InlinePolicyRepository(db).put(InlineTarget::kUser, kOther, elsewhere, "p", "{}");
  PolicyRepository(db).attach(AttachmentTarget::kUser, kAccount, attached_user,
                              "arn:aws:iam::aws:policy/ReadOnlyAccess");
  GroupRow g;
  g.account_id = kAccount;
  g.name = "devs";
  g.group_id = "AGPADEVS";
  g.path = "/";
  GroupRepository(db).insert(g);
  GroupRepository(db).add_member(g.row, member);
  std::vector<std::string> users;
  for (const UserRow& u : UserRepository(db).with_policies(kAccount)) users.push_back(u.name);
  CHECK(users == std::vector<std::string>{"attached", "inline", "member"});

  RoleRow bare, with;
  for (RoleRow* r : {&bare, &with}) {
    r->account_id = kAccount;
    r->name = r == &bare ? "bare" : "with";
    r->role_id = "AROA" + r->name;
    r->path = "/x/";
    r->trust_policy = "{}";
    RoleRepository(db).insert(*r);
  }
  InlinePolicyRepository(db).put(InlineTarget::kRole, kAccount, with.row, "p", "{}");
  std::vector<RoleRow> roles = RoleRepository(db).with_policies(kAccount);
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].name == "with");
  CHECK(roles[0].path == "/x/");
  CHECK(roles[0].row == with.row);
}
