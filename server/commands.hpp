// The commands other than `serve` (server/main.cpp dispatches to them): `export` and `import`
// copy the state of a data file to or from JSON offline, `health` asks a running server for its
// health check, `actions` lists the supported actions; plus the data-file helpers `serve`
// shares with them. Each command returns the process's exit status.
#pragma once

#include <optional>
#include <string>

#include "server/config.hpp"
#include "storage/data_file_lock.hpp"

namespace localiam::server {

// Reads a file ("-" is stdin); on failure returns false with the OS's reason in `why`.
bool read_file(const std::string& path, std::string& out, std::string& why);
// Removes a data file with its WAL (one this start created and could not finish).
void remove_data_file(const std::string& path);
// Locks the data file (nullopt for :memory:); throws std::runtime_error with the reason, plus
// `busy_hint` when a running server holds it.
std::optional<storage::DataFileLock> lock_data_file(const std::string& path, const char* busy_hint);

int export_command(const Config& config);
int import_command(const Config& config);
int health_command(const Config& config);
// The latest decisions of the server at --host/--port (--principal, --denied), one line each
// (server/decision_lines.hpp), coloured on a terminal.
int decisions_command(const Config& config);
// The least-privilege identity policy for --principal from the decisions of the server at
// --host/--port (GET /_localiam/policy-suggestion), printed as JSON; 1 naming the cause when
// there is none.
int suggest_policy_command(const Config& config);
// One line per action, "iam CreateUser", sorted by service and name (the README's table of
// supported actions is generated from this).
int actions_command();

}  // namespace localiam::server
