#include <catch2/catch.hpp>
#include <filesystem>

#include "storage/credential_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"

using namespace localiam::storage;

namespace {

UserRow make_user(const char* account, const char* name) {
  return UserRow{0, account, name, std::string("AIDA") + name, "/", 100};
}

}  // namespace

TEST_CASE("users are found case-insensitively and listed by name in pages", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  UserRepository users(db);
  for (const char* name : {"dave", "alice", "carol", "bob", "erin"}) {
    UserRow u = make_user("000000000000", name);
    users.insert(u);
    CHECK(u.row > 0);
  }
  UserRow other = make_user("111111111111", "zed");
  users.insert(other);

  CHECK(users.find("000000000000", "ALICE")->name == "alice");
  CHECK_FALSE(users.find("111111111111", "alice").has_value());
  CHECK(users.count("000000000000") == 5);

  auto first = users.list("000000000000", {"/", "", 2});
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0].name == "alice");
  CHECK(first.items[1].name == "bob");
  CHECK(first.truncated);
  auto last = users.list("000000000000", {"/", "carol", 2});
  REQUIRE(last.items.size() == 2);
  CHECK(last.items[1].name == "erin");
  CHECK_FALSE(last.truncated);
}

TEST_CASE("group membership and policy attachments", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  UserRepository users(db);
  GroupRepository groups(db);
  PolicyRepository policies(db);
  UserRow carlos = make_user("000000000000", "carlos");
  users.insert(carlos);
  GroupRow devs{0, "000000000000", "developers", "AGPAX", "/", 1};
  groups.insert(devs);
  groups.add_member(devs.row, carlos.row);
  groups.add_member(devs.row, carlos.row);  // idempotent
  CHECK(groups.member_count(devs.row) == 1);
  CHECK(groups.groups_for_user(carlos.row, "", 10).items.at(0).name == "developers");

  const char* ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  policies.attach(AttachmentTarget::kGroup, "000000000000", devs.row, ro);
  CHECK(policies.is_attached(AttachmentTarget::kGroup, devs.row, ro));
  CHECK(policies.attachment_count("000000000000", ro) == 1);
  CHECK(policies.attachment_count("111111111111", ro) == 0);
  CHECK(policies.attached_arns_in_account("000000000000") == std::vector<std::string>{ro});
  CHECK(policies.detach(AttachmentTarget::kGroup, devs.row, ro));
  CHECK_FALSE(policies.detach(AttachmentTarget::kGroup, devs.row, ro));

  CHECK(groups.remove_member(devs.row, carlos.row));
  CHECK_FALSE(groups.remove_member(devs.row, carlos.row));
}

TEST_CASE("customer managed policies keep their versions", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  PolicyRepository policies(db);
  PolicyRow p;
  p.account_id = "000000000000";
  p.name = "SourceCodeCommitter";
  p.policy_id = "ANPAX";
  p.path = "/";
  p.arn = "arn:aws:iam::000000000000:policy/SourceCodeCommitter";
  p.default_version = "v1";
  p.create_date = p.update_date = 5;
  policies.insert(p, "{\"Version\":\"2012-10-17\"}");
  CHECK(policies.find_by_name("000000000000", "SourceCodeCommitter")->arn == p.arn);
  CHECK(policies.version(p.row, "v1")->document == "{\"Version\":\"2012-10-17\"}");
  CHECK_FALSE(policies.version(p.row, "v2").has_value());
  CHECK(policies.list("000000000000", {"/", "", 10}, false).items.size() == 1);
  CHECK(policies.list("000000000000", {"/", "", 10}, true).items.empty());
  policies.remove(p.row);
  CHECK_FALSE(policies.find_by_arn(p.arn).has_value());
}

TEST_CASE("a failed write transaction leaves nothing behind", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  UserRepository users(db);
  {
    Transaction tx(db);
    UserRow u = make_user("000000000000", "ghost");
    users.insert(u);
    // no commit: the destructor rolls back
  }
  CHECK_FALSE(users.find("000000000000", "ghost").has_value());
  {
    Transaction tx(db);
    UserRow u = make_user("000000000000", "kept");
    users.insert(u);
    tx.commit();
  }
  CHECK(users.find("000000000000", "kept").has_value());
}

TEST_CASE("state survives reopening a database file; clear_all empties it", "[storage]") {
  auto path = std::filesystem::temp_directory_path() / "localiam_storage_test.db";
  std::filesystem::remove(path);
  {
    Database db(path.string());
    auto lock = db.lock();
    UserRepository users(db);
    UserRow u = make_user("000000000000", "persisted");
    users.insert(u);
    AccessKeyRepository keys(db);
    keys.insert(
        AccessKeyRow{"AKIAEXAMPLE0000000A", "000000000000", u.row, "", "secret", "Active", 1});
    SessionRepository sessions(db);
    SessionRow s;
    s.access_key_id = "ASIAEXAMPLE";
    s.account_id = "000000000000";
    s.secret = "x";
    s.session_token = "t";
    s.kind = "assumed-role";
    s.arn = "arn";
    s.principal_id = "AROA:s";
    s.source_arn = "src";
    s.expiration = 10;
    sessions.insert(s);
  }
  {
    Database db(path.string());
    auto lock = db.lock();
    CHECK(UserRepository(db).find("000000000000", "persisted").has_value());
    auto key = AccessKeyRepository(db).find("AKIAEXAMPLE0000000A");
    REQUIRE(key.has_value());
    CHECK(key->user_name == "persisted");
    CHECK(SessionRepository(db).find("ASIAEXAMPLE")->expiration == 10);
    db.clear_all();
    CHECK_FALSE(UserRepository(db).find("000000000000", "persisted").has_value());
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}
