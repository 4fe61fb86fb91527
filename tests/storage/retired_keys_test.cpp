// Keys localiam issued and removed since are remembered (AccessKeyRepository::retired), in the
// file, across every way a key can go: DeleteAccessKey, a reset, an import; and a database
// written before the table existed starts remembering after its migration.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

#include "storage/credential_repository.hpp"
#include "storage/database.hpp"
#include "storage/schema.hpp"
#include "storage/state_snapshot.hpp"
#include "tests/storage/migration_support.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam::storage;
using localiam::testing::migration_containing;
using localiam::testing::TempDatabaseFile;

namespace {

void add_user_with_key(Database& db, const std::string& key_id) {
  db.exec(
      "INSERT INTO users (id, account_id, name, user_id, path, create_date) VALUES "
      "(1, '111122223333', 'alice', 'AIDAALICE', '/', 1)");
  AccessKeyRepository(db).insert({key_id, "111122223333", 1, "alice", "secret", "Active", 2});
}

SessionRow session(const std::string& key_id) {
  SessionRow s;
  s.access_key_id = key_id;
  s.account_id = "111122223333";
  s.secret = "secret";
  s.session_token = "token";
  s.kind = "assumed-role";
  s.arn = "arn:aws:sts::111122223333:assumed-role/r/s";
  s.principal_id = "AROAR:s";
  s.source_arn = "arn:aws:iam::111122223333:user/alice";
  s.expiration = 100;
  return s;
}

}  // namespace

TEST_CASE("deleted keys are remembered in the file, and a reset keeps them", "[storage]") {
  TempDatabaseFile file("retired_keys");
  {
    Database db(file.path);
    auto lock = db.lock();
    add_user_with_key(db, "AKIAAAAAAAAAAAAAAAA1");
    AccessKeyRepository keys(db);
    CHECK_FALSE(keys.retired("AKIAAAAAAAAAAAAAAAA1"));
    CHECK_FALSE(keys.retired("AKIANEVERISSUED00001"));
    keys.remove("AKIAAAAAAAAAAAAAAAA1");
    CHECK(keys.retired("AKIAAAAAAAAAAAAAAAA1"));
    CHECK_FALSE(keys.retired("AKIANEVERISSUED00001"));

    // A reset (or an import, which starts the same way) clears keys and sessions: both are
    // retired, and the table of retired keys itself is kept, and left out of exports.
    keys.insert({"AKIAAAAAAAAAAAAAAAA2", "111122223333", 1, "alice", "s", "Active", 3});
    SessionRepository(db).insert(session("ASIAAAAAAAAAAAAAAAA1"));
    {
      Transaction tx(db);
      delete_all_rows(db);
      tx.commit();
    }
    CHECK(export_state(db).find("retired_access_keys") == std::string::npos);
    CHECK(keys.retired("AKIAAAAAAAAAAAAAAAA1"));
    CHECK(keys.retired("AKIAAAAAAAAAAAAAAAA2"));
    CHECK(keys.retired("ASIAAAAAAAAAAAAAAAA1"));
  }
  // After a restart on the same file.
  Database again(file.path);
  auto lock = again.lock();
  AccessKeyRepository keys(again);
  CHECK(keys.retired("AKIAAAAAAAAAAAAAAAA1"));
  CHECK(keys.retired("ASIAAAAAAAAAAAAAAAA1"));
  // A key imported again under the same ID exists: find() sees it.
  add_user_with_key(again, "AKIAAAAAAAAAAAAAAAA1");
  CHECK(keys.find("AKIAAAAAAAAAAAAAAAA1").has_value());
}

TEST_CASE("a database from before the table starts remembering after its migration", "[storage]") {
  TempDatabaseFile file("retired_keys_migration");
  const size_t before = migration_containing("CREATE TABLE retired_access_keys");
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.path.c_str(), &raw) == SQLITE_OK);
    std::string sql = "CREATE TABLE schema_version (version INTEGER NOT NULL);";
    auto migrations = schema_migrations();
    for (size_t i = 0; i < before; ++i) sql += migrations[i];
    sql += "INSERT INTO schema_version VALUES (" + std::to_string(before) + ");";
    sql +=
        "INSERT INTO users (id, account_id, name, user_id, path, create_date) VALUES "
        "(1, '111122223333', 'alice', 'AIDAALICE', '/', 1);"
        "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
        "create_date) VALUES ('AKIAOLD0000000000001', '111122223333', 1, 's', 'Active', 2);";
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  Database db(file.path);
  auto lock = db.lock();
  AccessKeyRepository keys(db);
  REQUIRE(keys.find("AKIAOLD0000000000001").has_value());
  CHECK_FALSE(keys.retired("AKIAOLD0000000000001"));
  keys.remove("AKIAOLD0000000000001");
  CHECK(keys.retired("AKIAOLD0000000000001"));
}
