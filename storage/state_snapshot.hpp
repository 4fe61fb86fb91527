// The whole database as one JSON document, and back: every table of the schema (whatever
// migrations created it, so tables added later are included without changes here), its column
// names and its rows in primary-key order, tagged with the schema version. Importing an export
// and exporting again gives the same bytes. Callers hold Database::lock().
//
//   {"format": "localiam-state", "schema_version": 5,
//    "tables": {"users": {"columns": ["id", "account_id", …], "rows": [[1, "000000000000", …]]}}}
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

// The tables that hold state (every table but schema_version, the derived entity_counts,
// retired_access_keys, which a reset or an import keeps so that removed keys stay refused, and
// SQLite's own), by name.
std::vector<std::string> state_tables(Database& db);
// Rows per state table, by table name.
std::vector<std::pair<std::string, int64_t>> table_row_counts(Database& db);
// The schema version the database is at.
int64_t schema_version(Database& db);

// The export. Throws DatabaseError if a value is neither NULL, integer, real nor text.
std::string export_state(Database& db);

// Replaces every table's rows with those of `json` (an export of the same schema version;
// tables it leaves out end up empty) in one transaction. Returns "" on success, else the
// reason (the JSON error with its line, an unknown table or column, a row that breaks a
// constraint) and changes nothing.
std::string import_state(Database& db, std::string_view json);

// import_state's work inside the caller's transaction (a seed that is a state export, applied
// at start and by reset): "" or the reason; foreign keys are checked only when the caller
// commits.
std::string import_state_rows(Database& db, std::string_view json);

// Deletes every row of every state table; the caller has begun a transaction. Foreign keys are
// checked at its commit, so the order does not matter.
void delete_all_rows(Database& db);

// 1-based line of byte `offset` in `text` (for error messages about JSON documents).
size_t line_of_offset(std::string_view text, size_t offset);

}  // namespace localiam::storage
