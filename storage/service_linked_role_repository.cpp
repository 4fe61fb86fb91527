#include "storage/service_linked_role_repository.hpp"

namespace localiam::storage {

void ServiceLinkedRoleRepository::mark(int64_t role_row, std::string_view service_name) {
  db_.prepare("INSERT INTO service_linked_roles (role_row, service_name) VALUES (?, ?)")
      .bind(1, role_row)
      .bind(2, service_name)
      .run();
}

std::optional<std::string> ServiceLinkedRoleRepository::service_of(int64_t role_row) {
  Statement s = db_.prepare("SELECT service_name FROM service_linked_roles WHERE role_row = ?");
  s.bind(1, role_row);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void ServiceLinkedRoleRepository::add_deletion_task(std::string_view task_id,
                                                    std::string_view account_id,
                                                    std::string_view status, int64_t when) {
  db_.prepare(
         "INSERT INTO service_linked_role_deletions (task_id, account_id, status, create_date) "
         "VALUES (?, ?, ?, ?)")
      .bind(1, task_id)
      .bind(2, account_id)
      .bind(3, status)
      .bind(4, when)
      .run();
}

std::optional<std::string> ServiceLinkedRoleRepository::deletion_status(std::string_view account_id,
                                                                        std::string_view task_id) {
  Statement s = db_.prepare(
      "SELECT status FROM service_linked_role_deletions WHERE account_id = ? AND task_id = ?");
  s.bind(1, account_id).bind(2, task_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace localiam::storage
