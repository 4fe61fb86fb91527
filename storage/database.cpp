#include "storage/database.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "storage/schema.hpp"
#include "storage/wal_checkpointer.hpp"

namespace localiam::storage {

Statement::Statement(Database& db, sqlite3_stmt* stmt, const TableChanges::Writes& writes)
    : db_(db), stmt_(stmt), writes_(writes) {}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    db_.fail("bind text");
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_.fail("bind int");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("bind null");
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, *text) : bind_null(index);
}

bool Statement::step() {
  if (!sqlite3_stmt_readonly(stmt_)) {
    ++db_.write_generation_;
    db_.table_changes_.wrote(writes_);
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("step");
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Database::Database(const std::string& path, WalLimits limits) : path_(path) {
  bool memory = path == ":memory:";
  try {
    if (!memory) {
      // The file holds secret keys: readable by its owner only.
      mode_t old = umask(077);
      int rc = sqlite3_open_v2(path.c_str(), &db_,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                               nullptr);
      umask(old);
      if (rc != SQLITE_OK) fail("open");
    } else if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                               nullptr) != SQLITE_OK) {
      fail("open");
    }
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_set_authorizer(db_, &Database::on_authorize, this);
    // Before anything writes (even the journal mode, which is kept in the file's header).
    refuse_foreign_database();
    // WAL with synchronous=NORMAL: a committed transaction survives a process crash (the WAL
    // is written before COMMIT returns); only an OS crash or power loss could lose the last ones.
    if (!memory) exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    migrate_schema(*this);
    exec("PRAGMA foreign_keys=ON");
    track_tables();
  } catch (const DatabaseError& e) {
    // No destructor runs for a constructor that throws.
    close_connection();
    if (memory) throw;
    std::string message = "cannot use the data file " + path + ": " + e.what();
    // SQLite keeps its WAL and shared-memory files beside the data file.
    const std::filesystem::path folder =
        std::filesystem::absolute(std::filesystem::path(path)).parent_path();
    if (::access(folder.c_str(), W_OK) != 0)
      message += "; localiam must be able to create " + path + "-wal and " + path +
                 "-shm, but the folder " + folder.string() + " is not writable";
    throw DatabaseError(message);
  }
  if (!memory) {
    auto hold_requests = [this](const std::function<void()>& work) {
      std::lock_guard<std::mutex> guard(mutex_);
      if (open_group_) commit_group_locked();
      work();
    };
    checkpointer_ = std::make_unique<WalCheckpointer>(db_, hold_requests, path_, limits.copy_pages,
                                                      limits.restart_pages);
  }
}

Database::~Database() {
  if (open_group_) commit_group_locked();
  checkpointer_.reset();
  close_connection();
}

void Database::close_connection() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  statements_.clear();
  if (db_) sqlite3_close(db_);
  db_ = nullptr;
}

// SQLite's words ("unable to open database file") do not say why; the OS's do: " (reason)"
// after a failure that involved the file system, "" otherwise.
std::string os_reason(sqlite3* db) {
  switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_FULL:
      if (int os = sqlite3_system_errno(db); os != 0)
        return std::string(" (") + std::strerror(os) + ")";
      return "";
    default:
      return "";
  }
}

void Database::fail(const char* what) const {
  std::string message = std::string("sqlite ") + what;
  if (db_) message += std::string(": ") + sqlite3_errmsg(db_) + os_reason(db_);
  throw DatabaseError(message);
}

void Database::refuse_foreign_database() {
  bool has_tables = false;
  bool has_version = false;
  {
    Statement s =
        prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (s.step()) {
      has_tables = true;
      if (s.text(0) == "schema_version") has_version = true;
    }
  }
  if (has_tables && !has_version)
    throw DatabaseError(
        "it is a SQLite database of another program (it has tables but no localiam "
        "schema_version); it was left unchanged");
}

void Database::track_tables() {
  std::vector<std::string> tables;
  {
    Statement s = prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
    while (s.step()) tables.push_back(s.text(0));
  }
  // Statements prepared so far (migrations) were compiled before any table was counted.
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  statements_.clear();
  table_changes_.track(std::move(tables));
}

namespace {

bool mentions_replace(const char* sql) {
  static constexpr std::string_view kWord = "replace";
  const std::string_view text(sql);
  for (size_t i = 0; i + kWord.size() <= text.size(); ++i) {
    size_t j = 0;
    while (j < kWord.size() && (text[i + j] | 0x20) == kWord[j]) ++j;
    if (j == kWord.size()) return true;
  }
  return false;
}

}  // namespace

Statement Database::prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    CachedStatement cached;
    // The authorizer reports, while SQLite compiles, every table the statement (or a trigger it
    // fires) may write.
    collecting_ = &cached.writes;
    const int rc =
        sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &cached.stmt, nullptr);
    collecting_ = nullptr;
    if (rc != SQLITE_OK) fail("prepare");
    if (mentions_replace(sql)) TableChanges::inserts_may_replace(cached.writes);
    it = statements_.emplace(sql, std::move(cached)).first;
  }
  return Statement(*this, it->second.stmt, it->second.writes);
}

int Database::on_authorize(void* self, int action, const char* first, const char*, const char*,
                           const char*) {
  Database& db = *static_cast<Database*>(self);
  if (db.collecting_) db.table_changes_.note(*db.collecting_, action, first);
  return SQLITE_OK;
}

void Database::exec(const char* sql) {
  ++write_generation_;
  table_changes_.everything_changed();
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message =
        std::string("sqlite exec: ") + (error ? error : "unknown") + os_reason(db_);
    sqlite3_free(error);
    throw DatabaseError(message);
  }
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

void Database::begin() {
  if (open_group_) commit_group_locked();
  prepare("BEGIN IMMEDIATE").run();
}

void Database::commit() { prepare("COMMIT").run(); }

void Database::rollback() {
  forget_rolled_back_state();
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

uint64_t Database::join_group() {
  if (!open_group_) {
    prepare("BEGIN IMMEDIATE").run();
    open_group_ = ++last_group_;
  }
  return open_group_;
}

bool Database::commit_group_locked() {
  const uint64_t group = open_group_;
  open_group_ = 0;
  bool ok = false;
  // A failed statement (disk full, I/O error) may have rolled the whole transaction back.
  if (!sqlite3_get_autocommit(db_)) {
    ok = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok) rollback();
  }
  commits_failing_ = !ok;
  if (!ok) {
    forget_rolled_back_state();
    failed_groups_.push_back(group);
    if (failed_groups_.size() > 256) failed_groups_.erase(failed_groups_.begin());
    any_group_failed_.store(true, std::memory_order_release);
  }
  finished_through_.store(group, std::memory_order_release);
  return ok;
}

bool Database::finish_group(uint64_t group) {
  if (group <= finished_through_.load(std::memory_order_acquire) &&
      !any_group_failed_.load(std::memory_order_acquire))
    return true;
  std::unique_lock<std::mutex> guard = lock();
  if (group == open_group_) return commit_group_locked();
  for (uint64_t failed : failed_groups_)
    if (failed == group) return false;
  return true;
}

void Database::abandon_group() {
  if (!open_group_) return;
  failed_groups_.push_back(open_group_);
  any_group_failed_.store(true, std::memory_order_release);
  finished_through_.store(open_group_, std::memory_order_release);
  open_group_ = 0;
  rollback();
}

Savepoint::Savepoint(Database& db) : db_(db), group_(db.join_group()) {
  db_.prepare("SAVEPOINT request").run();
}

Savepoint::~Savepoint() {
  if (done_) return;
  db_.forget_rolled_back_state();
  try {
    db_.prepare("ROLLBACK TO request").run();
    db_.prepare("RELEASE request").run();
  } catch (const DatabaseError&) {
    db_.abandon_group();
  }
}

void Savepoint::release() {
  db_.prepare("RELEASE request").run();
  done_ = true;
}

void Database::clear_all() {
  Transaction tx(*this);
  for (const char* table : entity_tables_children_first())
    exec((std::string("DELETE FROM ") + table).c_str());
  tx.commit();
}

}  // namespace localiam::storage
