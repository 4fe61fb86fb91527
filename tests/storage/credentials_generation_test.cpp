// Database::credentials_generation(): moves when an existing user or access key row changes,
// or anything rolls back; stays put for new rows and for other tables.
#include <catch2/catch.hpp>

#include "storage/database.hpp"

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

}  // namespace

TEST_CASE("the credentials generation follows changes to existing users and keys", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  add_user(db, "alice");
  db.prepare(
        "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
        "create_date) VALUES ('AKIAALICE', '000000000000', ?, 's', 'Active', 0)")
      .bind(1, db.last_insert_rowid())
      .run();

  uint64_t g = db.credentials_generation();
  add_user(db, "bob");
  CHECK(db.credentials_generation() == g);  // a new row changes nothing already read
  db.prepare(
        "INSERT INTO groups (account_id, name, group_id, path, create_date) "
        "VALUES ('000000000000', 'g', 'AGPAG', '/', 0)")
      .run();
  CHECK(db.credentials_generation() == g);  // another table

  db.prepare("UPDATE users SET path = '/team/' WHERE name = 'alice'").run();
  CHECK(db.credentials_generation() != g);
  g = db.credentials_generation();
  db.prepare("UPDATE access_keys SET status = 'Inactive'").run();
  CHECK(db.credentials_generation() != g);
  g = db.credentials_generation();
  db.prepare("DELETE FROM access_keys").run();
  CHECK(db.credentials_generation() != g);
  g = db.credentials_generation();
  db.prepare("DELETE FROM users WHERE name = 'bob'").run();
  CHECK(db.credentials_generation() != g);

  g = db.credentials_generation();
  db.forget_rolled_back_state();
  CHECK(db.credentials_generation() != g);
  g = db.credentials_generation();
  db.clear_all();
  CHECK(db.credentials_generation() != g);
}
