// WalCheckpointer: moves the WAL back into the database file on a background thread with its
// own connection, so that requests rarely wait for a checkpoint's fsync while they hold the
// database lock. The request connection's automatic checkpoint is turned off; a WAL hook wakes
// the thread every `copy_pages` new WAL pages, and the thread copies what is committed into the
// database file without any lock (PASSIVE). That alone never lets the WAL file start over while
// requests keep writing, so once the WAL holds `restart_pages` pages the thread also finishes
// the checkpoint with the requests held off (`hold_requests`, which commits any open group
// first); that pass has little left to copy, and the next write starts the WAL file over.
// If the WAL still grows past a hard limit, the request connection waits for the thread's copy
// in progress and then checkpoints itself, so the WAL stays bounded however slow fsync is.
// Durability is unchanged: a commit is in the WAL before it is answered.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace localiam::storage {

class WalCheckpointer {
 public:
  // Runs the given work with the request connection idle (no request and no open transaction).
  using HoldRequests = std::function<void(const std::function<void()>&)>;

  // Installs the WAL hook on `requests` (a connection to `path` in WAL mode) and starts the
  // thread. Throws DatabaseError if the checkpoint connection cannot be opened.
  WalCheckpointer(sqlite3* requests, HoldRequests hold_requests, const std::string& path,
                  int copy_pages, int restart_pages);
  // Stops the thread and closes its connection (the final checkpoint is SQLite's, when the
  // request connection closes).
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();

  sqlite3* requests_;
  HoldRequests hold_requests_;
  sqlite3* own_ = nullptr;
  const int copy_pages_;
  const int restart_pages_;
  std::mutex mutex_;
  std::mutex copying_;  // held by whoever runs a checkpoint without the database lock
  std::condition_variable wake_;
  bool pending_ = false;  // guarded by mutex_
  bool stop_ = false;     // guarded by mutex_
  int wal_pages_ = 0;     // guarded by mutex_: the WAL's size at the last commit
  int copied_at_ = 0;     // guarded by mutex_: the WAL's size when the last copy began
  std::thread thread_;
};

}  // namespace localiam::storage
