#include "storage/data_file_lock.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/database.hpp"
#include "tests/storage/temp_database_file.hpp"

using localiam::storage::Database;
using localiam::storage::DatabaseError;
using localiam::storage::DataFileLock;
using localiam::testing::TempDatabaseFile;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string open_error(const std::string& path) {
  try {
    Database db(path);
  } catch (const DatabaseError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("one holder of a data file at a time, created owner-only", "[storage]") {
  TempDatabaseFile file("data_file_lock");
  {
    DataFileLock first(file.path);
    REQUIRE(first.held());
    struct stat st {};
    REQUIRE(::stat(file.path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    DataFileLock second(file.path);
    CHECK_FALSE(second.held());
    CHECK(second.busy());
    CHECK(second.error() == "the data file " + file.path +
                                " is in use by another localiam process (a running server?)");
    // The holder's database works under the lock.
    Database db(file.path);
  }
  DataFileLock again(file.path);
  CHECK(again.held());

  DataFileLock missing_folder("/nonexistent-localiam-folder/x.db");
  CHECK_FALSE(missing_folder.held());
  CHECK_FALSE(missing_folder.busy());
  CHECK(missing_folder.error() ==
        "cannot open the data file /nonexistent-localiam-folder/x.db: No such file or directory");
}

TEST_CASE("another program's SQLite file is refused and left unchanged", "[storage]") {
  TempDatabaseFile file("foreign");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(file.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const std::string before = contents(file.path);
  const std::string error = open_error(file.path);
  CHECK(error.starts_with("cannot use the data file " + file.path +
                          ": it is a SQLite database "
                          "of another program"));
  CHECK(contents(file.path) == before);
  CHECK_FALSE(std::filesystem::exists(file.path + "-wal"));
}

TEST_CASE("a file that is not a database is named with SQLite's reason", "[storage]") {
  TempDatabaseFile file("not_a_database");
  std::ofstream(file.path) << "these are not the pages you are looking for\n";
  CHECK(open_error(file.path) ==
        "cannot use the data file " + file.path + ": sqlite prepare: file is not a database");
}
