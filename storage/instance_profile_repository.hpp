// Instance profiles of an account and the role each holds (AWS allows one): lookup by name
// (case-insensitive), insert, delete, keyset-paged lists (all, by path prefix; or those holding
// a role), counts for the quota and for DeleteRole's conflict check. A trigger removes an
// instance profile's role links when the profile row is deleted. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct InstanceProfileRow {
  int64_t row = 0;
  std::string account_id, name, profile_id, path;
  int64_t create_date = 0;
};

class InstanceProfileRepository {
 public:
  explicit InstanceProfileRepository(Database& db) : db_(db) {}
  std::optional<InstanceProfileRow> find(std::string_view account_id, std::string_view name);
  // Inserts and fills profile.row. The caller has checked that the name is free.
  void insert(InstanceProfileRow& profile);
  void remove(int64_t row);
  Page<InstanceProfileRow> list(std::string_view account_id, const ListQuery& query);
  // Instance profiles holding the role, by name after `after`.
  Page<InstanceProfileRow> list_for_role(int64_t role_row, std::string_view after, int limit);
  int64_t count(std::string_view account_id);

  // Names of the roles in the profile (in the order they were added).
  std::vector<std::string> role_names(int64_t profile_row);
  void add_role(int64_t profile_row, int64_t role_row);
  // False when the role was not in the profile.
  bool remove_role(int64_t profile_row, int64_t role_row);
  // How many instance profiles hold the role.
  int64_t profile_count_for_role(int64_t role_row);

 private:
  Database& db_;
};

}  // namespace localiam::storage
