// TempDatabaseFile: a database path in the temporary directory, unique to this process and
// label, with no file, WAL or shared-memory file left behind before or after a test.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace localiam::testing {

struct TempDatabaseFile {
  explicit TempDatabaseFile(std::string_view label)
      : path((std::filesystem::temp_directory_path() /
              ("localiam_" + std::string(label) + "_" + std::to_string(::getpid()) + ".db"))
                 .string()) {
    remove();
  }
  ~TempDatabaseFile() { remove(); }
  TempDatabaseFile(const TempDatabaseFile&) = delete;
  TempDatabaseFile& operator=(const TempDatabaseFile&) = delete;

  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }

  const std::string path;
};

}  // namespace localiam::testing
