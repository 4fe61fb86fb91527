// The state export covers every table, round-trips exactly, and a bad import changes nothing.
#include "storage/state_snapshot.hpp"

#include <catch2/catch.hpp>

#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"

using namespace localiam::storage;

namespace {

void add_user(Database& db, const std::string& name) {
  Transaction tx(db);
  UserRow u{0, "000000000000", name, "AIDA" + name, "/", 1700000000};
  UserRepository(db).insert(u);
  AccessKeyRow key{"AKIA" + name + "0000000000",
                   "000000000000",
                   u.row,
                   name,
                   "se\"cr\\et\n",
                   "Active",
                   1700000000};
  AccessKeyRepository(db).insert(key);
  GroupRow g{0, "000000000000", "g-" + name, "AGPA" + name, "/", 1700000000};
  GroupRepository(db).insert(g);
  GroupRepository(db).add_member(g.row, u.row);
  tx.commit();
}

}  // namespace

TEST_CASE("export lists every table and round-trips exactly", "[storage][state]") {
  Database db(":memory:");
  auto lock = db.lock();
  add_user(db, "alice");
  add_user(db, "bob");
  const std::string first = export_state(db);
  for (const std::string& table : state_tables(db))
    CHECK(first.find("\"" + table + "\": {\"columns\": [") != std::string::npos);
  CHECK(first.find("schema_version_") == std::string::npos);

  Database other(":memory:");
  auto other_lock = other.lock();
  REQUIRE(import_state(other, first) == "");
  CHECK(export_state(other) == first);
  auto key = AccessKeyRepository(other).find("AKIAbob0000000000");
  REQUIRE(key);
  CHECK(key->secret == "se\"cr\\et\n");
  CHECK(key->user_name == "bob");
}

TEST_CASE("a bad import says why and changes nothing", "[storage][state]") {
  Database db(":memory:");
  auto lock = db.lock();
  add_user(db, "alice");
  const std::string before = export_state(db);
  auto version = std::to_string(schema_version(db));
  const std::string head = "{\"format\": \"localiam-state\", \"schema_version\": " + version;

  CHECK(import_state(db, "{\n\"format\": ").starts_with("the state is not JSON: "));
  CHECK(
      import_state(db, "{\"format\": \"localiam-state\", \"schema_version\": 1, \"tables\": {}}")
          .starts_with("the state was exported at schema version 1; this database is at version"));
  CHECK(import_state(db, head + ", \"tables\": {\"nope\": {}}}") ==
        "unknown table \"nope\" in the state");
  CHECK(
      import_state(db, head + ", \"tables\": {\"users\": {\"columns\": [\"x\"], \"rows\": []}}}") ==
      "tables.users: the table has no column x");
  CHECK(import_state(db, head + ", \"tables\": {\"users\": {\"columns\": [\"id\", \"name\"], "
                                "\"rows\": [[1]]}}}") ==
        "tables.users.rows[0] must be an array of 2 values");
  // A membership that points at no user breaks a foreign key at commit.
  CHECK(import_state(db, head + ", \"tables\": {\"group_members\": {\"columns\": [\"group_row\", "
                                "\"user_row\"], \"rows\": [[5, 6]]}}}")
            .starts_with("the state is inconsistent: "));
  CHECK(export_state(db) == before);

  // Tables left out end up empty.
  REQUIRE(import_state(db, head + ", \"tables\": {}}") == "");
  for (const auto& [table, rows] : table_row_counts(db)) CHECK(rows == 0);
}
