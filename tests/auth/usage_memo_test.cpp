// UsageMemo (auth/usage_memo.hpp): usage stamps read through it and written through it, and
// forgotten whenever storage's counter of their table says the rows may differ (a rollback,
// another writer, a reset).
#include "auth/usage_memo.hpp"

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"

using namespace localiam;
using storage::AccessKeyUse;

namespace {

constexpr const char* kAccount = "000000000000";

}  // namespace

TEST_CASE("service access stamps go through the memo and follow other writers",
          "[auth][usage_memo]") {
  storage::Database db(":memory:");
  auto lock = db.lock();
  api::UsageMemo memo(db);
  CHECK_FALSE(memo.last_accessed("AIDA1", "iam", "GetUser"));
  {
    storage::Transaction tx(db);
    memo.record_access({kAccount, "AIDA1", "iam", "GetUser", "us-east-1", 10});
    tx.commit();
  }
  CHECK(memo.last_accessed("AIDA1", "iam", "GetUser") == 10);
  CHECK_FALSE(memo.last_accessed("AIDA1", "iam", "ListUsers"));

  // A stamp written and then rolled back must not be remembered.
  {
    storage::Transaction tx(db);
    memo.record_access({kAccount, "AIDA1", "iam", "GetUser", "us-east-1", 20});
    CHECK(memo.last_accessed("AIDA1", "iam", "GetUser") == 20);
  }
  CHECK(memo.last_accessed("AIDA1", "iam", "GetUser") == 10);

  // A write that does not go through the memo (an import, another memo) is read again.
  db.prepare("UPDATE service_access SET last_accessed = 99").run();
  CHECK(memo.last_accessed("AIDA1", "iam", "GetUser") == 99);
  api::UsageMemo other(db);
  other.record_access({kAccount, "AIDA1", "iam", "GetUser", "us-east-1", 120});
  CHECK(memo.last_accessed("AIDA1", "iam", "GetUser") == 120);

  db.clear_all();
  CHECK_FALSE(memo.last_accessed("AIDA1", "iam", "GetUser"));
}

TEST_CASE("access key use goes through the memo and follows other writers", "[auth][usage_memo]") {
  storage::Database db(":memory:");
  auto lock = db.lock();
  storage::UserRow user{0, kAccount, "alice", "AIDAALICE", "/", 0};
  storage::UserRepository(db).insert(user);
  storage::AccessKeyRepository(db).insert(
      {"AKIAALICE", kAccount, user.row, "alice", "secret", "Active", 0});
  api::UsageMemo memo(db);
  CHECK_FALSE(memo.key_use("AKIAALICE"));
  memo.record_key_use("AKIAALICE", AccessKeyUse{50, "iam", "eu-west-1"});
  auto use = memo.key_use("AKIAALICE");
  REQUIRE(use);
  CHECK(use->date == 50);
  CHECK(use->region == "eu-west-1");
  // What the memo wrote is what the database holds.
  CHECK(storage::AccessKeyRepository(db).last_use("AKIAALICE")->service == "iam");

  {
    storage::Savepoint undone(db);
    memo.record_key_use("AKIAALICE", AccessKeyUse{60, "sts", "us-east-1"});
    CHECK(memo.key_use("AKIAALICE")->date == 60);
  }
  CHECK(memo.key_use("AKIAALICE")->date == 50);

  db.prepare("UPDATE access_keys SET last_used_date = 70").run();
  CHECK(memo.key_use("AKIAALICE")->date == 70);
  storage::AccessKeyRepository(db).remove("AKIAALICE");
  CHECK_FALSE(memo.key_use("AKIAALICE"));
}
