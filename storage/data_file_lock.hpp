// DataFileLock: one localiam process at a time on a data file. It holds an exclusive flock on
// the file itself (created, owner-only, if missing) for its lifetime, so that a second server,
// or an import, cannot write the same file under a running server. Declare it before the
// Database on that file: it must be released after SQLite has closed the file.
#pragma once

#include <string>
#include <utility>

namespace localiam::storage {

class DataFileLock {
 public:
  // Opens (creating, mode 0600) and locks `path`. On failure holds nothing, and error() says
  // why: the OS reason it cannot be opened (naming the file), or that another process holds it.
  explicit DataFileLock(const std::string& path);
  ~DataFileLock();
  DataFileLock(const DataFileLock&) = delete;
  DataFileLock& operator=(const DataFileLock&) = delete;
  DataFileLock(DataFileLock&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), busy_(other.busy_), error_(std::move(other.error_)) {}
  DataFileLock& operator=(DataFileLock&&) = delete;

  bool held() const { return fd_ >= 0; }
  // True when the file could be opened but another process (or descriptor) holds the lock.
  bool busy() const { return busy_; }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  bool busy_ = false;
  std::string error_;
};

}  // namespace localiam::storage
