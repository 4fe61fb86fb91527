// Roles of an account: lookup by name (case-insensitive), insert, delete, keyset-paged list,
// and the last-used stamp that AssumeRole records. Callers hold Database::lock().
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

class RoleRepository {
 public:
  explicit RoleRepository(Database& db) : db_(db) {}
  std::optional<RoleRow> find(std::string_view account_id, std::string_view name);
  void insert(RoleRow& role);
  // Stores what the Update* actions change: trust_policy, description, max_session_duration.
  void update(const RoleRow& role);
  void remove(int64_t row);
  Page<RoleRow> list(std::string_view account_id, const ListQuery& query);
  // The account's roles with an inline or attached policy, by name (the console's who-can).
  std::vector<RoleRow> with_policies(std::string_view account_id);
  void mark_used(int64_t row, int64_t when, std::string_view region);

 private:
  Database& db_;
};

}  // namespace localiam::storage
