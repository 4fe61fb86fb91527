// Database: one SQLite connection (C API) with WAL, foreign keys on, the schema migrated to
// the current version, and a statement cache. File databases checkpoint their WAL on a
// background thread (storage/wal_checkpointer.hpp).
//
// Group commit: write requests run in a Savepoint inside one shared "group" transaction; the
// group is committed by the first of its requests that is about to answer (finish_group), so
// requests that arrive together share one COMMIT. Nobody answers before the group that holds
// its writes (or whose writes it has read) is committed: an acknowledged write is durable. Access
// is serialised by one mutex: callers hold a Session (the lock) for the whole of a request, and
// writes run inside one transaction. SQLite failures throw DatabaseError; the dispatcher turns that
// into ServiceFailure.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/table_changes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace localiam::storage {

class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database;
class WalCheckpointer;

// A prepared statement from the cache, reset and unbound when it goes out of scope.
// Bind indexes are 1-based; column indexes 0-based.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt, const TableChanges::Writes& writes);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);

  // Advances to the next row; false when done. Throws DatabaseError on failure (including
  // constraint violations, which callers avoid by checking first).
  bool step();
  // Runs a statement that returns no rows.
  void run();

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_;
  const TableChanges::Writes& writes_;  // what it may write, counted before each step
};

// When the background checkpointer copies the WAL into the database file, and when it makes
// the WAL file start over (storage/wal_checkpointer.hpp), in WAL pages.
struct WalLimits {
  int copy_pages = 2000;
  int restart_pages = 16000;
};

class Database {
 public:
  // Opens (creating if needed) `path`, or an in-memory database for ":memory:", and migrates
  // the schema. Throws DatabaseError, naming the file and the reason (the OS's when it has
  // one), if the file cannot be opened or migrated, is not a SQLite database, or is another
  // program's database (tables but no schema_version; such a file is left unchanged).
  explicit Database(const std::string& path, WalLimits limits = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Exclusive use of the connection for the lifetime of the returned lock.
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }

  // A cached prepared statement; the caller must hold lock().
  Statement prepare(const char* sql);
  // Runs SQL text with no parameters (schema, pragmas, transaction control).
  void exec(const char* sql);
  int64_t last_insert_rowid() const;
  int changes() const;

  void begin();  // BEGIN IMMEDIATE, after committing an open group
  void commit();
  void rollback();  // never throws

  // The open group's number, opening one (BEGIN IMMEDIATE) if none is; the caller holds lock().
  uint64_t join_group();
  // The open group's number, 0 when none is open (reads made now see its writes).
  uint64_t open_group() const { return open_group_; }
  // Takes the lock and commits group `group` if it is still open. True when its writes are
  // durable; false when the group failed (its transaction rolled back). A group already
  // committed is answered without the lock while no group has ever failed.
  bool finish_group(uint64_t group);
  // Marks the open group failed and rolls it back (a savepoint could not be undone).
  void abandon_group();
  // True from a failed group commit (a full disk, a file-size limit, an I/O error) until the
  // next commit succeeds: optional writes (last-used stamps) are skipped meanwhile, so that
  // reads keep being answered. The caller holds lock().
  bool commits_failing() const { return commits_failing_; }

  // Deletes every row of every entity table (admin reset), in one transaction.
  void clear_all();

  // Changes whenever the contents may have changed: a statement that writes runs, or a
  // transaction or savepoint rolls back. A cache of rows compares it to know it is current.
  // The caller holds lock().
  uint64_t write_generation() const { return write_generation_; }
  // Per-table change counters (storage/table_changes.hpp) for caches of one table's rows:
  // table_changes() moves when a statement that may write `table` runs, existing_row_changes()
  // when one that may update or delete its rows does; both on every rollback, reset, import and
  // exec (not to be confused with changes(), the rows the last statement changed). Thread-safe,
  // lock-free: a value read before taking lock() that still holds under it means no such change
  // happened in between. Throws std::invalid_argument for an unknown table.
  uint64_t table_changes(std::string_view table) const { return table_changes_.changes(table); }
  uint64_t existing_row_changes(std::string_view table) const {
    return table_changes_.existing_row_changes(table);
  }
  // Both counters of `table`, looked up once (for a cache that reads them on every request).
  TableChanges::Watch watch(std::string_view table) const { return table_changes_.watch(table); }
  // After a rollback outside Database (a savepoint): moves every counter on.
  void forget_rolled_back_state() {
    ++write_generation_;
    table_changes_.everything_changed();
  }

  const std::string& path() const { return path_; }

 private:
  friend class Statement;
  [[noreturn]] void fail(const char* what) const;
  void refuse_foreign_database();
  void close_connection();  // finalizes the cached statements and closes db_

  std::string path_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    TableChanges::Writes writes;
  };
  // Node-based: a Statement keeps a reference to its entry's writes.
  std::unordered_map<const char*, CachedStatement> statements_;  // guarded by mutex_
  TableChanges::Writes* collecting_ = nullptr;  // the statement being prepared; mutex_
  void track_tables();                          // the table counters, once the schema is migrated
  std::unique_ptr<WalCheckpointer> checkpointer_;  // file databases only
  // Group commit state, guarded by mutex_.
  bool commit_group_locked();  // commits the open group; false (and rolled back) on failure
  uint64_t open_group_ = 0;
  uint64_t last_group_ = 0;
  // Every group up to this one has finished its commit; read by finish_group without the lock.
  std::atomic<uint64_t> finished_through_{0};
  std::atomic<bool> any_group_failed_{false};
  std::vector<uint64_t> failed_groups_;  // the most recent failures, oldest first
  bool commits_failing_ = false;
  uint64_t write_generation_ = 0;  // guarded by mutex_
  TableChanges table_changes_;     // counters changed under mutex_
  static int on_authorize(void* self, int action, const char* first, const char* second,
                          const char* database, const char* trigger);  // sqlite3_set_authorizer
};

// Runs writes in one transaction: commits on commit(), rolls back if destroyed before.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

// One write request inside the current group transaction: released into the group on
// release(), undone (ROLLBACK TO) if destroyed before. group() is the number to finish.
class Savepoint {
 public:
  explicit Savepoint(Database& db);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();
  uint64_t group() const { return group_; }

 private:
  Database& db_;
  uint64_t group_;
  bool done_ = false;
};

}  // namespace localiam::storage
