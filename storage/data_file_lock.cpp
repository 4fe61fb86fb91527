#include "storage/data_file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace localiam::storage {

DataFileLock::DataFileLock(const std::string& path) {
  // Read-write, so that a file the user cannot write is reported here, with the OS's reason,
  // rather than by SQLite's "attempt to write a readonly database" later. flock, not fcntl:
  // SQLite's own fcntl locks on this file are separate, and closing this descriptor after
  // SQLite has closed the file cannot drop them.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    error_ = "cannot open the data file " + path + ": " + std::strerror(errno);
    return;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int reason = errno;
    ::close(fd);
    busy_ = reason == EWOULDBLOCK;
    error_ = busy_ ? "the data file " + path +
                         " is in use by another localiam process (a running server?)"
                   : "cannot lock the data file " + path + ": " + std::strerror(reason);
    return;
  }
  fd_ = fd;
}

DataFileLock::~DataFileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace localiam::storage
