// Database's per-table change counters (storage/table_changes.hpp): changes() moves for any
// statement that may write the table, existing_row_changes() only for updates, deletes and
// REPLACE; both for every rollback, reset and exec; neither for other tables or reads.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "storage/account_partition_repository.hpp"
#include "storage/database.hpp"
#include "storage/password_policy_repository.hpp"

using namespace localiam::storage;

namespace {

void add_user(Database& db, const char* name) {
  db.prepare(
        "INSERT INTO users (account_id, name, user_id, path, create_date) "
        "VALUES ('000000000000', ?, ?, '/', 0)")
      .bind(1, name)
      .bind(2, std::string("AIDA") + name)
      .run();
}

// The counters of one table, read together, to compare before and after a step.
struct Counts {
  uint64_t any, existing;
  static Counts of(const Database& db, const char* table) {
    return {db.table_changes(table), db.existing_row_changes(table)};
  }
};

}  // namespace

TEST_CASE("table counters follow the writes to their table", "[storage][table_changes]") {
  Database db(":memory:");
  auto lock = db.lock();
  add_user(db, "alice");
  db.prepare(
        "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
        "create_date) VALUES ('AKIAALICE', '000000000000', ?, 's', 'Active', 0)")
      .bind(1, db.last_insert_rowid())
      .run();

  struct Row {
    const char* name;
    const char* sql;     // run against the database
    const char* table;   // the counters looked at
    bool any, existing;  // whether each must move
  };
  const Row rows[] = {
      {"a new user",
       "INSERT INTO users (account_id, name, user_id, path, create_date) "
       "VALUES ('000000000000', 'bob', 'AIDABOB', '/', 0)",
       "users", true, false},
      {"a new user leaves the keys alone",
       "INSERT INTO users (account_id, name, user_id, path, "
       "create_date) VALUES ('000000000000', 'carol', "
       "'AIDACAROL', '/', 0)",
       "access_keys", false, false},
      {"a read", "SELECT count(*) FROM users", "users", false, false},
      {"another table",
       "INSERT INTO groups (account_id, name, group_id, path, create_date) "
       "VALUES ('000000000000', 'g', 'AGPAG', '/', 0)",
       "users", false, false},
      {"an update", "UPDATE users SET path = '/team/' WHERE name = 'alice'", "users", true, true},
      {"an update matching no row counts too", "UPDATE users SET path = '/x/' WHERE name = 'zed'",
       "users", true, true},
      {"a key's status", "UPDATE access_keys SET status = 'Inactive'", "access_keys", true, true},
      {"deleting every row (no truncate shortcut hides it)", "DELETE FROM access_keys",
       "access_keys", true, true},
      {"a trigger's insert (a deleted key is retired)",
       "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
       "create_date) SELECT 'AKIABOB', '000000000000', id, 's', 'Active', 0 FROM users "
       "WHERE name = 'bob'",
       "retired_access_keys", false, false},
      {"a trigger's insert (a deleted key is retired)", "DELETE FROM access_keys",
       "retired_access_keys", true, false},
      {"a trigger's update (the entity count of a new user)",
       "INSERT INTO users (account_id, name, user_id, path, create_date) "
       "VALUES ('000000000000', 'dan', 'AIDADAN', '/', 0)",
       "entity_counts", true, true},
      {"a delete", "DELETE FROM users WHERE name = 'bob'", "users", true, true},
      {"a table without rowid", "INSERT INTO account_partitions VALUES ('111111111111', 'aws')",
       "account_partitions", true, false},
      {"an upsert may update",
       "INSERT INTO account_partitions VALUES ('111111111111', 'aws') "
       "ON CONFLICT(account_id) DO UPDATE SET partition = 'aws-cn'",
       "account_partitions", true, true},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    const Counts before = Counts::of(db, row.table);
    db.prepare(row.sql).run();
    const Counts after = Counts::of(db, row.table);
    CHECK((after.any != before.any) == row.any);
    CHECK((after.existing != before.existing) == row.existing);
  }
}

TEST_CASE("REPLACE counts as a change of existing rows", "[storage][table_changes]") {
  Database db(":memory:");
  auto lock = db.lock();
  PasswordPolicyRow policy;
  policy.minimum_length = 8;
  PasswordPolicyRepository(db).put("000000000000", policy);
  const Counts before = Counts::of(db, "password_policies");
  policy.minimum_length = 12;
  PasswordPolicyRepository(db).put("000000000000", policy);  // INSERT OR REPLACE
  const Counts after = Counts::of(db, "password_policies");
  CHECK(after.any != before.any);
  CHECK(after.existing != before.existing);
}

TEST_CASE("rollbacks, resets and exec move every counter", "[storage][table_changes]") {
  Database db(":memory:");
  auto lock = db.lock();
  for (const char* table : {"users", "access_keys", "service_access", "account_partitions"}) {
    INFO(table);
    Counts c = Counts::of(db, table);
    db.forget_rolled_back_state();
    CHECK(db.table_changes(table) != c.any);
    CHECK(db.existing_row_changes(table) != c.existing);
    c = Counts::of(db, table);
    {
      Transaction tx(db);  // rolled back unfinished
      add_user(db, "temp");
    }
    CHECK(db.existing_row_changes(table) != c.existing);
    c = Counts::of(db, table);
    {
      Savepoint sp(db);  // undone unreleased
    }
    CHECK(db.existing_row_changes(table) != c.existing);
    c = Counts::of(db, table);
    db.clear_all();
    CHECK(db.existing_row_changes(table) != c.existing);
    c = Counts::of(db, table);
    db.exec("PRAGMA user_version = 1");
    CHECK(db.existing_row_changes(table) != c.existing);
  }
  // A cache built on a counter of a table that does not exist would never be told anything.
  CHECK_THROWS_AS(db.table_changes("no_such_table"), std::invalid_argument);
}

TEST_CASE("counters may be read without the lock, by name or through a watch",
          "[storage][table_changes]") {
  Database db(":memory:");
  const uint64_t before = db.existing_row_changes("account_partitions");
  const TableChanges::Watch watch = db.watch("account_partitions");
  CHECK(watch.existing_row_changes() == before);
  const uint64_t changes_before = watch.changes();
  {
    auto lock = db.lock();
    Transaction tx(db);
    db.prepare("INSERT INTO account_partitions VALUES ('111111111111', 'aws')").run();
    db.prepare("DELETE FROM account_partitions").run();
    tx.commit();
  }
  CHECK(db.existing_row_changes("account_partitions") != before);
  // A watch reads the same counters without looking the table up again.
  CHECK(watch.existing_row_changes() == db.existing_row_changes("account_partitions"));
  CHECK(watch.changes() == db.table_changes("account_partitions"));
  CHECK(watch.changes() != changes_before);
  CHECK_THROWS_AS(db.watch("no_such_table"), std::invalid_argument);
}
