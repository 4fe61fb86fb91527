// EntityDirectory: the console's lists of an account's users, groups, roles and customer managed
// policies, searched by a part of the name (ASCII, any case) and paged by the last name seen
// (keyset paging over the (account_id, name) indexes, so a page costs the same wherever it is),
// with the number of entities that match. Read-only. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

enum class DirectoryKind { kUsers, kGroups, kRoles, kPolicies };

struct DirectoryEntry {
  std::string name;
  std::string path;
  std::string id;  // AIDA…, AGPA…, AROA…, ANPA…
  int64_t create_date = 0;
};

struct DirectoryQuery {
  std::string_view account_id;
  std::string_view contains;  // "" = every entity; else names holding it, case-insensitively
  std::string_view after;     // names strictly after this one ("" = from the start)
  int limit = 50;
};

struct DirectoryPage {
  std::vector<DirectoryEntry> items;
  bool truncated = false;
  int64_t matching = 0;  // entities that match `contains`, on every page
};

DirectoryPage list_directory(Database& db, DirectoryKind kind, const DirectoryQuery& query);

// The accounts that hold anything: those whose partition is fixed (auth/account_partition.hpp),
// in order.
std::vector<std::string> known_accounts(Database& db);

}  // namespace localiam::storage
