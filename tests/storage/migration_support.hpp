// For tests that build a database as it was before a schema migration: find the migration by
// what it creates (its position changes as migrations are added after it), and run raw SQL.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "storage/schema.hpp"

namespace localiam::testing {

// Returns the index in schema_migrations() of the first migration whose SQL contains `marker`;
// fails the test when none does.
inline size_t migration_containing(std::string_view marker) {
  auto migrations = storage::schema_migrations();
  for (size_t i = 0; i < migrations.size(); ++i)
    if (std::string_view(migrations[i]).find(marker) != std::string_view::npos) return i;
  FAIL("no schema migration contains " << marker);
  return 0;
}

// Runs `sql` on `db`, failing the test with SQLite's message when it fails.
inline void run(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown";
    sqlite3_free(error);
    FAIL(message);
  }
}

}  // namespace localiam::testing
