// Permissions boundaries of IAM users and roles: at most one managed policy ARN per entity
// (AWS managed or customer managed), the per-account usage count of a policy as a boundary,
// and the users/roles a policy bounds (keyset-paged by name, for ListEntitiesForPolicy).
// A trigger removes an entity's boundary when the user or role row is deleted.
// Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

enum class BoundaryTarget { kUser, kRole };

class BoundaryRepository {
 public:
  explicit BoundaryRepository(Database& db) : db_(db) {}
  std::optional<std::string> find(BoundaryTarget target, int64_t entity_row);
  // Sets or replaces the boundary.
  void put(BoundaryTarget target, int64_t entity_row, std::string_view account_id,
           std::string_view policy_arn);
  void remove(BoundaryTarget target, int64_t entity_row);
  // How many users and roles of the account have `policy_arn` as their boundary.
  int64_t usage_count(std::string_view account_id, std::string_view policy_arn);
  // Users or roles of the account bounded by `policy_arn`, by name.
  Page<EntityRef> entities(BoundaryTarget target, std::string_view account_id,
                           std::string_view policy_arn, const ListQuery& query);

 private:
  Database& db_;
};

// The permissions boundary ARN of a user or role, or nullopt (for the policy engine).
std::optional<std::string> user_permissions_boundary(Database& db, const UserRow& user);
std::optional<std::string> role_permissions_boundary(Database& db, const RoleRow& role);

}  // namespace localiam::storage
