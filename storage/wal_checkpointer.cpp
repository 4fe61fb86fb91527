#include "storage/wal_checkpointer.hpp"

#include <sqlite3.h>

#include "common/log.hpp"
#include "storage/database.hpp"

namespace localiam::storage {

namespace {
// A WAL this many times the restart size means the background checkpoints are not keeping up.
constexpr int kHardLimitFactor = 4;
}  // namespace

WalCheckpointer::WalCheckpointer(sqlite3* requests, HoldRequests hold_requests,
                                 const std::string& path, int copy_pages, int restart_pages)
    : requests_(requests),
      hold_requests_(std::move(hold_requests)),
      copy_pages_(copy_pages),
      restart_pages_(restart_pages) {
  if (sqlite3_open_v2(path.c_str(), &own_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string message = std::string("sqlite open (checkpointer): ") +
                          (own_ ? sqlite3_errmsg(own_) : "out of memory");
    sqlite3_close(own_);
    throw DatabaseError(message);
  }
  // A connection learns that the file is in WAL mode when it first reads it.
  if (sqlite3_exec(own_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    std::string message = std::string("sqlite read (checkpointer): ") + sqlite3_errmsg(own_);
    sqlite3_close(own_);
    throw DatabaseError(message);
  }
  sqlite3_wal_autocheckpoint(requests_, 0);
  sqlite3_wal_hook(requests_, &WalCheckpointer::on_commit, this);
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(requests_, nullptr, nullptr);
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(own_);
}

// Runs on the request connection after each commit, with the database lock held.
int WalCheckpointer::on_commit(void* self_ptr, sqlite3* db, const char* schema, int wal_pages) {
  auto* self = static_cast<WalCheckpointer*>(self_ptr);
  if (wal_pages >= self->restart_pages_ * kHardLimitFactor) {
    // SQLite answers BUSY at once (no busy handler) while the thread's own copy runs, and the
    // WAL would go on growing for as long as that copy's fsync takes; wait for it instead.
    std::lock_guard<std::mutex> copying(self->copying_);
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  {
    std::lock_guard<std::mutex> guard(self->mutex_);
    self->wal_pages_ = wal_pages;  // a pass already running picks this up when it ends
    if (wal_pages < self->copied_at_ + self->copy_pages_ && wal_pages < self->restart_pages_)
      return SQLITE_OK;
    self->pending_ = true;
  }
  self->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock<std::mutex> guard(mutex_);
  while (true) {
    wake_.wait(guard, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    const int wal_pages = wal_pages_;
    guard.unlock();

    int rc = SQLITE_OK;
    {
      std::lock_guard<std::mutex> copying(copying_);
      rc = sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    int copied_at = wal_pages;
    if (rc == SQLITE_OK && wal_pages >= restart_pages_) {
      // Little is left to copy now; with the requests held off the checkpoint completes, and
      // the next write starts the WAL file over.
      hold_requests_([&] {
        rc = sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      });
      copied_at = 0;
    }
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      log::message(log::Level::kWarn,
                   std::string("background WAL checkpoint failed: ") + sqlite3_errmsg(own_));

    guard.lock();
    copied_at_ = copied_at;
  }
}

}  // namespace localiam::storage
