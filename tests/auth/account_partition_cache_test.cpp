// AccountPartitionCache (auth/account_partition.hpp): remembers each account's partition, or
// that it has none yet, and reads again once storage's counters of account_partitions say the
// table changed: a partition fixed by another writer, a row deleted, a fix rolled back.
#include <catch2/catch.hpp>

#include "auth/account_partition.hpp"
#include "storage/account_partition_repository.hpp"
#include "storage/database.hpp"

using namespace localiam;

namespace {

constexpr const char* kAccount = "111111111111";

}  // namespace

TEST_CASE("the partition cache follows the account_partitions table", "[auth][partition]") {
  storage::Database db(":memory:");
  auto lock = db.lock();
  api::AccountPartitionCache cache(db);
  CHECK_FALSE(cache.find(kAccount));

  // Remembered as unfixed until the table changes: a write elsewhere leaves it alone.
  db.prepare(
        "INSERT INTO users (account_id, name, user_id, path, create_date) "
        "VALUES ('111111111111', 'u', 'AIDAU', '/', 0)")
      .run();
  CHECK_FALSE(cache.find(kAccount));
  storage::AccountPartitionRepository(db).fix(kAccount, "aws-cn");
  CHECK(cache.find(kAccount) == "aws-cn");

  // A fixed partition is remembered while other accounts get theirs.
  storage::AccountPartitionRepository(db).fix("222222222222", "aws");
  CHECK(cache.find(kAccount) == "aws-cn");
  CHECK(cache.find("222222222222") == "aws");

  // Deleted (a reset, an import) or rolled back: read again.
  db.prepare("DELETE FROM account_partitions WHERE account_id = ?").bind(1, kAccount).run();
  CHECK_FALSE(cache.find(kAccount));
  {
    storage::Savepoint undone(db);
    storage::AccountPartitionRepository(db).fix(kAccount, "aws-us-gov");
    CHECK(cache.find(kAccount) == "aws-us-gov");
  }
  CHECK_FALSE(cache.find(kAccount));
  db.clear_all();
  CHECK_FALSE(cache.find("222222222222"));
}
