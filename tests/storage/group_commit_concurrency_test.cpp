// Group commit under concurrency, as the server uses it: request threads take the lock, write
// in a savepoint (some fail and roll back), release the lock, then finish their group; the
// background checkpointer runs meanwhile. Every write whose group finished is visible to another
// connection at once (committed), failed requests leave nothing. Built to run under
// ThreadSanitizer too (.ci/run's TSan job runs the [concurrency] tests).
#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam::storage;
using localiam::testing::TempDatabaseFile;

namespace {

// A second connection, as another process would see the file. Catch2's assertions are not
// thread-safe, so failures are returned rather than asserted.
class Observer {
 public:
  explicit Observer(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return;
    sqlite3_busy_timeout(db_, 5000);
    if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM race_rows WHERE value = ?", -1, &stmt_,
                           nullptr) != SQLITE_OK)
      stmt_ = nullptr;
  }
  ~Observer() {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  // How many rows hold `value`: 0 or 1, or -1 when the query failed.
  int count(int64_t value) {
    if (!stmt_) return -1;
    sqlite3_reset(stmt_);
    sqlite3_bind_int64(stmt_, 1, value);
    const int n = sqlite3_step(stmt_) == SQLITE_ROW ? sqlite3_column_int(stmt_, 0) : -1;
    sqlite3_reset(stmt_);
    return n;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

TEST_CASE("concurrent requests: every finished group is committed, failed requests leave nothing",
          "[storage][concurrency]") {
  TempDatabaseFile file("group_commit_mt");
  // Small WAL limits so that the background checkpointer copies and restarts the WAL often
  // while the requests run.
  Database db(file.path, WalLimits{20, 80});
  {
    auto lock = db.lock();
    db.exec("CREATE TABLE race_rows (value INTEGER NOT NULL UNIQUE, filler BLOB)");
  }
  constexpr int kThreads = 6;
  constexpr int kRequests = 150;
  std::atomic<int> committed{0};
  std::atomic<int> problems{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Observer observer(file.path);
      for (int i = 0; i < kRequests; ++i) {
        const int64_t value = t * 100000 + i;
        const bool fails = i % 5 == 0;  // like a handler answering an error after writing
        uint64_t group = 0;
        {
          auto lock = db.lock();
          Savepoint request(db);
          db.prepare("INSERT INTO race_rows (value, filler) VALUES (?, zeroblob(3000))")
              .bind(1, value)
              .run();
          if (!fails) request.release();
          group = request.group();
        }
        if (!db.finish_group(group)) {
          ++problems;
          continue;
        }
        // Durable before answering: another connection sees it (or, if it failed, does not).
        if (observer.count(value) != (fails ? 0 : 1)) ++problems;
        if (!fails) ++committed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(problems == 0);
  CHECK(committed == kThreads * kRequests * 4 / 5);
  auto lock = db.lock();
  Statement count = db.prepare("SELECT count(*) FROM race_rows");
  REQUIRE(count.step());
  CHECK(count.integer(0) == committed);
}
