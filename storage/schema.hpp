// The SQLite schema of localiam, as an ordered list of migrations. Migration N moves the
// database from schema version N-1 to N; a database is always migrated to the last one.
// Every entity row carries its account_id: state is keyed by account, nothing is global.
#pragma once

#include <span>

namespace localiam::storage {

// Each entry is SQL text for one migration (several statements).
std::span<const char* const> schema_migrations();

// Entity tables in an order that respects foreign keys when deleting (children first).
std::span<const char* const> entity_tables_children_first();

}  // namespace localiam::storage
