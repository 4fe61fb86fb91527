#include "storage/boundary_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

const char* kind(BoundaryTarget target) {
  return target == BoundaryTarget::kUser ? "user" : "role";
}

}  // namespace

std::optional<std::string> BoundaryRepository::find(BoundaryTarget target, int64_t entity_row) {
  Statement s = db_.prepare(
      "SELECT policy_arn FROM permissions_boundaries WHERE entity_kind = ? AND entity_row = ?");
  s.bind(1, kind(target)).bind(2, entity_row);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void BoundaryRepository::put(BoundaryTarget target, int64_t entity_row, std::string_view account_id,
                             std::string_view policy_arn) {
  db_.prepare(
         "INSERT INTO permissions_boundaries (account_id, entity_kind, entity_row, policy_arn) "
         "VALUES (?, ?, ?, ?) ON CONFLICT (entity_kind, entity_row) DO UPDATE SET "
         "policy_arn = excluded.policy_arn")
      .bind(1, account_id)
      .bind(2, kind(target))
      .bind(3, entity_row)
      .bind(4, policy_arn)
      .run();
}

void BoundaryRepository::remove(BoundaryTarget target, int64_t entity_row) {
  db_.prepare("DELETE FROM permissions_boundaries WHERE entity_kind = ? AND entity_row = ?")
      .bind(1, kind(target))
      .bind(2, entity_row)
      .run();
}

int64_t BoundaryRepository::usage_count(std::string_view account_id, std::string_view policy_arn) {
  Statement s = db_.prepare(
      "SELECT count(*) FROM permissions_boundaries WHERE account_id = ? AND policy_arn = ?");
  s.bind(1, account_id).bind(2, policy_arn);
  s.step();
  return s.integer(0);
}

Page<EntityRef> BoundaryRepository::entities(BoundaryTarget target, std::string_view account_id,
                                             std::string_view policy_arn, const ListQuery& query) {
  const char* sql =
      target == BoundaryTarget::kUser
          ? "SELECT u.name, u.user_id FROM permissions_boundaries b JOIN users u ON "
            "u.id = b.entity_row WHERE b.entity_kind = 'user' AND b.account_id = ?1 AND "
            "b.policy_arn = ?2 AND u.name > ?3 AND substr(u.path, 1, length(?4)) = ?4 "
            "ORDER BY u.name LIMIT ?5"
          : "SELECT r.name, r.role_id FROM permissions_boundaries b JOIN roles r ON "
            "r.id = b.entity_row WHERE b.entity_kind = 'role' AND b.account_id = ?1 AND "
            "b.policy_arn = ?2 AND r.name > ?3 AND substr(r.path, 1, length(?4)) = ?4 "
            "ORDER BY r.name LIMIT ?5";
  Statement s = db_.prepare(sql);
  s.bind(1, account_id)
      .bind(2, policy_arn)
      .bind(3, query.after)
      .bind(4, query.path_prefix)
      .bind(5, static_cast<int64_t>(query.limit) + 1);
  return read_page<EntityRef>(s, query.limit, [](const Statement& st) {
    return EntityRef{st.text(0), st.text(1)};
  });
}

std::optional<std::string> user_permissions_boundary(Database& db, const UserRow& user) {
  return BoundaryRepository(db).find(BoundaryTarget::kUser, user.row);
}

std::optional<std::string> role_permissions_boundary(Database& db, const RoleRow& role) {
  return BoundaryRepository(db).find(BoundaryTarget::kRole, role.row);
}

}  // namespace localiam::storage
