// Group commit and the background WAL checkpointer, on a real database file.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "storage/database.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam::storage;
using localiam::testing::TempDatabaseFile;

namespace {

int64_t count_rows(Database& db) {
  Statement s = db.prepare("SELECT count(*) FROM schema_version");
  s.step();
  return s.integer(0);
}

void add_row(Database& db) { db.prepare("INSERT INTO schema_version (version) VALUES (0)").run(); }

}  // namespace

TEST_CASE("requests share one group transaction until one of them finishes it", "[storage]") {
  TempDatabaseFile file("group_commit");
  uint64_t first = 0;
  uint64_t second = 0;
  {
    Database db(file.path);
    {
      auto lock = db.lock();
      CHECK(db.open_group() == 0);
      Savepoint a(db);
      add_row(db);
      a.release();
      Savepoint b(db);
      add_row(db);
      b.release();
      first = a.group();
      second = b.group();
      CHECK(first == second);
      CHECK(db.open_group() == first);
    }
    CHECK(db.finish_group(first));
    CHECK(db.open_group() == 0);
    CHECK(db.finish_group(second));  // already committed with the first
    // The next request opens a new group.
    auto lock = db.lock();
    Savepoint c(db);
    CHECK(c.group() != first);
    add_row(db);
    c.release();
  }  // closing commits the open group
  Database reopened(file.path);
  auto lock = reopened.lock();
  CHECK(count_rows(reopened) == 1 + 3);  // the migration's row and the three requests
}

TEST_CASE("a request that fails undoes only its own writes", "[storage]") {
  TempDatabaseFile file("group_commit");
  Database db(file.path);
  uint64_t group = 0;
  {
    auto lock = db.lock();
    Savepoint kept(db);
    add_row(db);
    kept.release();
    group = kept.group();
    {
      Savepoint failed(db);
      add_row(db);
      add_row(db);
    }  // not released: rolled back
  }
  CHECK(db.finish_group(group));
  auto lock = db.lock();
  CHECK(count_rows(db) == 2);
}

TEST_CASE("a plain transaction commits the open group first", "[storage]") {
  TempDatabaseFile file("group_commit");
  Database db(file.path);
  auto lock = db.lock();
  Savepoint request(db);
  add_row(db);
  request.release();
  const uint64_t group = request.group();
  {
    Transaction tx(db);
    add_row(db);
    tx.commit();
  }
  CHECK(db.open_group() == 0);
  lock.unlock();
  CHECK(db.finish_group(group));
  lock.lock();
  CHECK(count_rows(db) == 3);
}

TEST_CASE("a group whose transaction was lost reports failure", "[storage]") {
  TempDatabaseFile file("group_commit");
  Database db(file.path);
  uint64_t group = 0;
  {
    auto lock = db.lock();
    Savepoint request(db);
    add_row(db);
    request.release();
    group = request.group();
    db.abandon_group();
  }
  CHECK_FALSE(db.finish_group(group));
  CHECK_FALSE(db.finish_group(group));  // remembered
  auto lock = db.lock();
  CHECK(count_rows(db) == 1);
}

TEST_CASE("the WAL is checkpointed in the background and starts over", "[storage]") {
  TempDatabaseFile file("group_commit");
  Database db(file.path, WalLimits{50, 200});
  // Enough committed groups to pass the restart size many times over.
  for (int i = 0; i < 2000; ++i) {
    uint64_t group = 0;
    {
      auto lock = db.lock();
      Savepoint request(db);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)")
          .bind(1, static_cast<int64_t>(i))
          .run();
      // Fill a page or so per commit.
      db.prepare("CREATE TABLE IF NOT EXISTS filler (x BLOB)").run();
      db.prepare("INSERT INTO filler VALUES (zeroblob(5000))").run();
      request.release();
      group = request.group();
    }
    REQUIRE(db.finish_group(group));
  }
  // Without checkpoints the WAL would hold every page written (over 6,000 pages).
  const auto wal_bytes = std::filesystem::file_size(file.path + "-wal");
  CHECK(wal_bytes < 4096ULL * 3000);
  auto lock = db.lock();
  CHECK(count_rows(db) == 2001);
}
