#include "storage/role_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

constexpr const char* kColumns =
    "id, account_id, name, role_id, path, trust_policy, description, max_session_duration, "
    "create_date, last_used_date, last_used_region";

RoleRow read_role(const Statement& s) {
  RoleRow r;
  r.row = s.integer(0);
  r.account_id = s.text(1);
  r.name = s.text(2);
  r.role_id = s.text(3);
  r.path = s.text(4);
  r.trust_policy = s.text(5);
  r.description = s.optional_text(6);
  r.max_session_duration = s.integer(7);
  r.create_date = s.integer(8);
  if (!s.is_null(9)) r.last_used_date = s.integer(9);
  r.last_used_region = s.optional_text(10);
  return r;
}

}  // namespace

std::optional<RoleRow> RoleRepository::find(std::string_view account_id, std::string_view name) {
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 " FROM roles WHERE account_id = ? AND name = ? COLLATE NOCASE";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_role(s);
}

std::vector<RoleRow> RoleRepository::with_policies(std::string_view account_id) {
  static const std::string sql =
      std::string("SELECT ") + kColumns +
      " FROM roles WHERE account_id = ?1 AND id IN ("
      "SELECT entity_row FROM inline_policies WHERE account_id = ?1 AND entity_kind = 'role' "
      "UNION SELECT role_row FROM role_policy_attachments WHERE account_id = ?1) ORDER BY name";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id);
  std::vector<RoleRow> out;
  while (s.step()) out.push_back(read_role(s));
  return out;
}

void RoleRepository::insert(RoleRow& role) {
  db_.prepare(
         "INSERT INTO roles (account_id, name, role_id, path, trust_policy, description, "
         "max_session_duration, create_date) VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, role.account_id)
      .bind(2, role.name)
      .bind(3, role.role_id)
      .bind(4, role.path)
      .bind(5, role.trust_policy)
      .bind_optional(6, role.description)
      .bind(7, role.max_session_duration)
      .bind(8, role.create_date)
      .run();
  role.row = db_.last_insert_rowid();
}

void RoleRepository::update(const RoleRow& role) {
  db_.prepare(
         "UPDATE roles SET trust_policy = ?, description = ?, max_session_duration = ? "
         "WHERE id = ?")
      .bind(1, role.trust_policy)
      .bind_optional(2, role.description)
      .bind(3, role.max_session_duration)
      .bind(4, role.row)
      .run();
}

void RoleRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM roles WHERE id = ?").bind(1, row).run();
}

Page<RoleRow> RoleRepository::list(std::string_view account_id, const ListQuery& query) {
  static const std::string sql =
      std::string("SELECT ") + kColumns +
      " FROM roles WHERE account_id = ?1 AND name > ?2 AND substr(path, 1, length(?3)) = ?3 "
      "ORDER BY name LIMIT ?4";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id).bind(2, query.after).bind(3, query.path_prefix).bind(4, query.limit + 1);
  return read_page<RoleRow>(s, query.limit, read_role);
}

void RoleRepository::mark_used(int64_t row, int64_t when, std::string_view region) {
  db_.prepare("UPDATE roles SET last_used_date = ?, last_used_region = ? WHERE id = ?")
      .bind(1, when)
      .bind(2, region)
      .bind(3, row)
      .run();
}

}  // namespace localiam::storage
