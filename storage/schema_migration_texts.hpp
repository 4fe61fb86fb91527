// The SQL text of the schema's migrations, kept in two files by age: the first ten (the tables
// as first made, storage/schema_tables.cpp) and every later one (storage/schema_changes.cpp).
// Internal to storage/schema.cpp, which numbers them in this order.
#pragma once

#include <span>

namespace localiam::storage {

// Migrations 1 to 10, in order.
std::span<const char* const> first_migrations();
// Migrations 11 onwards, in order.
std::span<const char* const> later_migrations();

}  // namespace localiam::storage
