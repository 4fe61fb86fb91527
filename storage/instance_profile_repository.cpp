#include "storage/instance_profile_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

InstanceProfileRow read_profile(const Statement& s) {
  InstanceProfileRow p;
  p.row = s.integer(0);
  p.account_id = s.text(1);
  p.name = s.text(2);
  p.profile_id = s.text(3);
  p.path = s.text(4);
  p.create_date = s.integer(5);
  return p;
}

}  // namespace

std::optional<InstanceProfileRow> InstanceProfileRepository::find(std::string_view account_id,
                                                                  std::string_view name) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, profile_id, path, create_date FROM instance_profiles "
      "WHERE account_id = ? AND name = ? COLLATE NOCASE");
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_profile(s);
}

void InstanceProfileRepository::insert(InstanceProfileRow& profile) {
  db_.prepare(
         "INSERT INTO instance_profiles (account_id, name, profile_id, path, create_date) "
         "VALUES (?, ?, ?, ?, ?)")
      .bind(1, profile.account_id)
      .bind(2, profile.name)
      .bind(3, profile.profile_id)
      .bind(4, profile.path)
      .bind(5, profile.create_date)
      .run();
  profile.row = db_.last_insert_rowid();
}

void InstanceProfileRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM instance_profiles WHERE id = ?").bind(1, row).run();
}

Page<InstanceProfileRow> InstanceProfileRepository::list(std::string_view account_id,
                                                         const ListQuery& query) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, profile_id, path, create_date FROM instance_profiles "
      "WHERE account_id = ?1 AND name > ?2 AND substr(path, 1, length(?3)) = ?3 "
      "ORDER BY name LIMIT ?4");
  s.bind(1, account_id)
      .bind(2, query.after)
      .bind(3, query.path_prefix)
      .bind(4, static_cast<int64_t>(query.limit) + 1);
  return read_page<InstanceProfileRow>(s, query.limit, read_profile);
}

Page<InstanceProfileRow> InstanceProfileRepository::list_for_role(int64_t role_row,
                                                                  std::string_view after,
                                                                  int limit) {
  Statement s = db_.prepare(
      "SELECT p.id, p.account_id, p.name, p.profile_id, p.path, p.create_date FROM "
      "instance_profiles p JOIN instance_profile_roles r ON r.profile_row = p.id "
      "WHERE r.role_row = ?1 AND p.name > ?2 ORDER BY p.name LIMIT ?3");
  s.bind(1, role_row).bind(2, after).bind(3, static_cast<int64_t>(limit) + 1);
  return read_page<InstanceProfileRow>(s, limit, read_profile);
}

int64_t InstanceProfileRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM instance_profiles WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

std::vector<std::string> InstanceProfileRepository::role_names(int64_t profile_row) {
  Statement s = db_.prepare(
      "SELECT r.name FROM instance_profile_roles l JOIN roles r ON r.id = l.role_row "
      "WHERE l.profile_row = ? ORDER BY l.rowid");
  s.bind(1, profile_row);
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.text(0));
  return names;
}

void InstanceProfileRepository::add_role(int64_t profile_row, int64_t role_row) {
  db_.prepare("INSERT OR IGNORE INTO instance_profile_roles (profile_row, role_row) VALUES (?, ?)")
      .bind(1, profile_row)
      .bind(2, role_row)
      .run();
}

bool InstanceProfileRepository::remove_role(int64_t profile_row, int64_t role_row) {
  Statement s = db_.prepare(
      "DELETE FROM instance_profile_roles WHERE profile_row = ? AND role_row = ? RETURNING 1");
  s.bind(1, profile_row).bind(2, role_row);
  return s.step();
}

int64_t InstanceProfileRepository::profile_count_for_role(int64_t role_row) {
  Statement s = db_.prepare("SELECT count(*) FROM instance_profile_roles WHERE role_row = ?");
  s.bind(1, role_row);
  s.step();
  return s.integer(0);
}

}  // namespace localiam::storage
