// Finds a schema migration by what it creates, for tests that build a database as it was
// before that migration (its position changes as migrations are added after it).
#pragma once

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

}  // namespace localiam::storage::testing
