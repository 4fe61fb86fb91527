// Schema migrations on a database file written by an older localiam: rows, references, indexes
// and triggers survive, and foreign keys are enforced again afterwards.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

#include "storage/database.hpp"
#include "storage/schema.hpp"
#include "tests/storage/migration_support.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam::storage;
using localiam::testing::migration_containing;
using localiam::testing::run;
using localiam::testing::TempDatabaseFile;

namespace {

// Writes a database at schema version `version`, as the localiam of that version would have,
// with one account's worth of related rows.
void write_old_database(const std::string& path, size_t version) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  run(db, "PRAGMA journal_mode=WAL");
  run(db, "CREATE TABLE schema_version (version INTEGER NOT NULL)");
  auto migrations = schema_migrations();
  for (size_t i = 0; i < version; ++i) run(db, migrations[i]);
  run(db, "INSERT INTO schema_version VALUES (" + std::to_string(version) + ")");
  run(db, R"sql(
PRAGMA foreign_keys=ON;
INSERT INTO users VALUES (7, '111122223333', 'alice', 'AIDAALICE0000000000', '/', 1);
INSERT INTO users VALUES (9, '111122223333', 'bob', 'AIDABOB000000000000', '/', 2);
INSERT INTO groups VALUES (3, '111122223333', 'devs', 'AGPADEVS00000000000', '/', 3);
INSERT INTO group_members VALUES (3, 7);
INSERT INTO roles (id, account_id, name, role_id, path, trust_policy, max_session_duration,
                   create_date) VALUES (5, '111122223333', 'ops', 'AROAOPS000000000000', '/',
                   '{}', 3600, 4);
INSERT INTO policies (id, account_id, name, policy_id, path, arn, default_version,
                      next_version, create_date, update_date)
  VALUES (11, '111122223333', 'read', 'ANPAREAD00000000000', '/',
          'arn:aws:iam::111122223333:policy/read', 'v1', 2, 5, 5);
INSERT INTO user_policy_attachments VALUES ('111122223333', 9,
                                            'arn:aws:iam::111122223333:policy/read');
INSERT INTO role_policy_attachments VALUES ('111122223333', 5,
                                            'arn:aws:iam::111122223333:policy/read');
INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, create_date)
  VALUES ('AKIAALICE0000000000', '111122223333', 7, 'secret', 'Active', 6);
INSERT INTO instance_profiles VALUES (2, '111122223333', 'web', 'AIPAWEB000000000000', '/', 7);
INSERT INTO instance_profile_roles VALUES (2, 5);
)sql");
  sqlite3_close(db);
}

// Migration 12 dropped the UNIQUE indexes of the generated IDs by rebuilding five tables.
constexpr size_t kBeforeRebuild = 11;

int64_t number(Database& db, const char* sql) {
  Statement s = db.prepare(sql);
  REQUIRE(s.step());
  return s.integer(0);
}

}  // namespace

TEST_CASE("the generated-ID rebuild keeps every row, reference, index and trigger", "[storage]") {
  REQUIRE(schema_migrations().size() > kBeforeRebuild);
  TempDatabaseFile file("schema_migration");
  write_old_database(file.path, kBeforeRebuild);

  Database db(file.path);
  CHECK(number(db, "SELECT version FROM schema_version") ==
        static_cast<int64_t>(schema_migrations().size()));

  // Rows and the rows that refer to them, by the same row ids.
  CHECK(number(db,
               "SELECT count(*) FROM users u JOIN access_keys k ON k.user_row = u.id "
               "WHERE u.name = 'alice' AND u.user_id = 'AIDAALICE0000000000'") == 1);
  CHECK(number(db,
               "SELECT count(*) FROM group_members m JOIN groups g ON g.id = m.group_row "
               "JOIN users u ON u.id = m.user_row WHERE g.name = 'devs'") == 1);
  CHECK(number(db,
               "SELECT count(*) FROM role_policy_attachments a JOIN roles r "
               "ON r.id = a.role_row WHERE r.role_id = 'AROAOPS000000000000'") == 1);
  CHECK(number(db,
               "SELECT count(*) FROM instance_profile_roles x JOIN instance_profiles p "
               "ON p.id = x.profile_row WHERE p.profile_id = 'AIPAWEB000000000000'") == 1);
  CHECK(number(db,
               "SELECT count(*) FROM policies WHERE arn = "
               "'arn:aws:iam::111122223333:policy/read'") == 1);

  // The generated IDs have no index any more; names and policy ARNs stay unique.
  CHECK(number(db,
               "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name IN "
               "('users', 'groups', 'roles', 'instance_profiles') AND name LIKE "
               "'sqlite_autoindex%'") == 0);
  CHECK(number(db,
               "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = "
               "'policies' AND name LIKE 'sqlite_autoindex%'") == 1);
  CHECK_THROWS_AS(db.exec("INSERT INTO users VALUES (NULL, '111122223333', 'ALICE', 'AIDAX', "
                          "'/', 8)"),
                  DatabaseError);
  CHECK_THROWS_AS(db.exec("INSERT INTO policies (account_id, name, policy_id, path, arn, "
                          "default_version, next_version, create_date, update_date) VALUES "
                          "('111122223333', 'other', 'ANPAX', '/', "
                          "'arn:aws:iam::111122223333:policy/read', 'v1', 2, 9, 9)"),
                  DatabaseError);

  // Triggers: the counts follow inserts and deletes; deleting a profile unlinks its roles.
  CHECK(number(db,
               "SELECT n FROM entity_counts WHERE account_id = '111122223333' AND "
               "kind = 'users'") == 2);
  db.exec("INSERT INTO users VALUES (NULL, '111122223333', 'carol', 'AIDACAROL', '/', 8)");
  CHECK(number(db,
               "SELECT n FROM entity_counts WHERE account_id = '111122223333' AND "
               "kind = 'users'") == 3);
  db.exec("DELETE FROM instance_profiles WHERE name = 'web'");
  CHECK(number(db, "SELECT count(*) FROM instance_profile_roles") == 0);

  // Foreign keys are enforced again: a key for a missing user, or deleting a referenced user.
  CHECK_THROWS_AS(db.exec("INSERT INTO access_keys (access_key_id, account_id, user_row, "
                          "secret, status, create_date) VALUES ('AKIAX', '111122223333', 999, "
                          "'s', 'Active', 9)"),
                  DatabaseError);
  CHECK_THROWS_AS(db.exec("DELETE FROM users WHERE name = 'alice'"), DatabaseError);
}

TEST_CASE("a migration that would leave a dangling reference is not committed", "[storage]") {
  TempDatabaseFile file("schema_migration");
  write_old_database(file.path, kBeforeRebuild);
  {
    // A row that refers to a missing user, as only a damaged file could hold.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.path.c_str(), &raw) == SQLITE_OK);
    run(raw,
        "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
        "create_date) VALUES ('AKIAORPHAN', '111122223333', 404, 's', 'Active', 1)");
    sqlite3_close(raw);
  }
  CHECK_THROWS_AS(Database(file.path), DatabaseError);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(file.path.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT version FROM schema_version", -1, &stmt, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int64(stmt, 0) == static_cast<int64_t>(kBeforeRebuild));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST_CASE("accounts that hold anything before partitions existed live in aws", "[storage]") {
  const size_t before_partitions = migration_containing("CREATE TABLE account_partitions");
  TempDatabaseFile file("schema_migration_partitions");
  write_old_database(file.path, before_partitions);

  Database db(file.path);
  CHECK(number(db, "SELECT count(*) FROM account_partitions") == 1);
  CHECK(number(db,
               "SELECT count(*) FROM account_partitions WHERE account_id = '111122223333' "
               "AND partition = 'aws'") == 1);
  // A partition is fixed once: a second fix of the same account is refused by the key.
  CHECK_THROWS_AS(db.exec("INSERT INTO account_partitions VALUES ('111122223333', 'aws-cn')"),
                  DatabaseError);
}
