// Which roles are service-linked (and for which service), and the deletion tasks that
// DeleteServiceLinkedRole starts, so that GetServiceLinkedRoleDeletionStatus can report them.
// A trigger forgets the service link when the role row is deleted.
// Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

class ServiceLinkedRoleRepository {
 public:
  explicit ServiceLinkedRoleRepository(Database& db) : db_(db) {}
  void mark(int64_t role_row, std::string_view service_name);
  // The service the role is linked to, or nullopt for an ordinary role.
  std::optional<std::string> service_of(int64_t role_row);

  void add_deletion_task(std::string_view task_id, std::string_view account_id,
                         std::string_view status, int64_t when);
  // The task's status ("SUCCEEDED", …), or nullopt when the account has no such task.
  std::optional<std::string> deletion_status(std::string_view account_id, std::string_view task_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
