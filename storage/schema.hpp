// The SQLite schema of localiam, as an ordered list of migrations, and the runner that applies
// them. Migration N moves the database from schema version N-1 to N; a database is always
// migrated to the last one. Every entity row carries its account_id: state is keyed by account,
// nothing is global.
#pragma once

#include <span>

namespace localiam::storage {

class Database;

// Each entry is SQL text for one migration (several statements), migration 1 first.
std::span<const char* const> schema_migrations();

// Entity tables in an order that respects foreign keys when deleting (children first).
std::span<const char* const> entity_tables_children_first();

// Applies every migration `db` has not had yet, each in its own transaction, recording the
// version reached in schema_version. Throws DatabaseError when the database's version is newer
// than this localiam knows, when a migration fails, or when one would leave a reference to a
// missing row (nothing of that migration is kept). Foreign key enforcement must be off.
void migrate_schema(Database& db);

}  // namespace localiam::storage
