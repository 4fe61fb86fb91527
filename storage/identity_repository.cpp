#include "storage/identity_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

UserRow read_user(const Statement& s) {
  return UserRow{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)};
}

GroupRow read_group(const Statement& s) {
  return GroupRow{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)};
}

}  // namespace

std::optional<UserRow> UserRepository::find(std::string_view account_id, std::string_view name) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, user_id, path, create_date FROM users "
      "WHERE account_id = ? AND name = ? COLLATE NOCASE");
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::optional<UserRow> UserRepository::find_by_row(int64_t row) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, user_id, path, create_date FROM users WHERE id = ?");
  s.bind(1, row);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

void UserRepository::insert(UserRow& user) {
  db_.prepare("INSERT INTO users (account_id, name, user_id, path, create_date) VALUES (?,?,?,?,?)")
      .bind(1, user.account_id)
      .bind(2, user.name)
      .bind(3, user.user_id)
      .bind(4, user.path)
      .bind(5, user.create_date)
      .run();
  user.row = db_.last_insert_rowid();
}

void UserRepository::update(const UserRow& user) {
  db_.prepare("UPDATE users SET name = ?, path = ? WHERE id = ?")
      .bind(1, user.name)
      .bind(2, user.path)
      .bind(3, user.row)
      .run();
}

void UserRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM users WHERE id = ?").bind(1, row).run();
}

Page<UserRow> UserRepository::list(std::string_view account_id, const ListQuery& query) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, user_id, path, create_date FROM users "
      "WHERE account_id = ?1 AND name > ?2 AND substr(path, 1, length(?3)) = ?3 "
      "ORDER BY name LIMIT ?4");
  s.bind(1, account_id).bind(2, query.after).bind(3, query.path_prefix).bind(4, query.limit + 1);
  return read_page<UserRow>(s, query.limit, read_user);
}

std::vector<UserRow> UserRepository::with_policies(std::string_view account_id) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, user_id, path, create_date FROM users WHERE account_id = ?1 "
      "AND id IN (SELECT entity_row FROM inline_policies WHERE account_id = ?1 AND "
      "entity_kind = 'user' UNION SELECT user_row FROM user_policy_attachments WHERE "
      "account_id = ?1 UNION SELECT m.user_row FROM group_members m JOIN groups g ON "
      "g.id = m.group_row WHERE g.account_id = ?1) ORDER BY name");
  s.bind(1, account_id);
  std::vector<UserRow> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

int64_t UserRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM users WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

std::optional<GroupRow> GroupRepository::find(std::string_view account_id, std::string_view name) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, group_id, path, create_date FROM groups "
      "WHERE account_id = ? AND name = ? COLLATE NOCASE");
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_group(s);
}

void GroupRepository::insert(GroupRow& group) {
  db_.prepare(
         "INSERT INTO groups (account_id, name, group_id, path, create_date) VALUES (?,?,?,?,?)")
      .bind(1, group.account_id)
      .bind(2, group.name)
      .bind(3, group.group_id)
      .bind(4, group.path)
      .bind(5, group.create_date)
      .run();
  group.row = db_.last_insert_rowid();
}

void GroupRepository::update(const GroupRow& group) {
  db_.prepare("UPDATE groups SET name = ?, path = ? WHERE id = ?")
      .bind(1, group.name)
      .bind(2, group.path)
      .bind(3, group.row)
      .run();
}

void GroupRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM groups WHERE id = ?").bind(1, row).run();
}

Page<GroupRow> GroupRepository::list(std::string_view account_id, const ListQuery& query) {
  Statement s = db_.prepare(
      "SELECT id, account_id, name, group_id, path, create_date FROM groups "
      "WHERE account_id = ?1 AND name > ?2 AND substr(path, 1, length(?3)) = ?3 "
      "ORDER BY name LIMIT ?4");
  s.bind(1, account_id).bind(2, query.after).bind(3, query.path_prefix).bind(4, query.limit + 1);
  return read_page<GroupRow>(s, query.limit, read_group);
}

int64_t GroupRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM groups WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

void GroupRepository::add_member(int64_t group_row, int64_t user_row) {
  db_.prepare("INSERT OR IGNORE INTO group_members (group_row, user_row) VALUES (?, ?)")
      .bind(1, group_row)
      .bind(2, user_row)
      .run();
}

bool GroupRepository::remove_member(int64_t group_row, int64_t user_row) {
  db_.prepare("DELETE FROM group_members WHERE group_row = ? AND user_row = ?")
      .bind(1, group_row)
      .bind(2, user_row)
      .run();
  return db_.changes() > 0;
}

int64_t GroupRepository::member_count(int64_t group_row) {
  Statement s = db_.prepare("SELECT count(*) FROM group_members WHERE group_row = ?");
  s.bind(1, group_row);
  s.step();
  return s.integer(0);
}

int64_t GroupRepository::group_count_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT count(*) FROM group_members WHERE user_row = ?");
  s.bind(1, user_row);
  s.step();
  return s.integer(0);
}

Page<UserRow> GroupRepository::members(int64_t group_row, std::string_view after, int limit) {
  Statement s = db_.prepare(
      "SELECT u.id, u.account_id, u.name, u.user_id, u.path, u.create_date "
      "FROM group_members m JOIN users u ON u.id = m.user_row "
      "WHERE m.group_row = ? AND u.name > ? ORDER BY u.name LIMIT ?");
  s.bind(1, group_row).bind(2, after).bind(3, static_cast<int64_t>(limit) + 1);
  return read_page<UserRow>(s, limit, read_user);
}

Page<GroupRow> GroupRepository::groups_for_user(int64_t user_row, std::string_view after,
                                                int limit) {
  Statement s = db_.prepare(
      "SELECT g.id, g.account_id, g.name, g.group_id, g.path, g.create_date "
      "FROM group_members m JOIN groups g ON g.id = m.group_row "
      "WHERE m.user_row = ? AND g.name > ? ORDER BY g.name LIMIT ?");
  s.bind(1, user_row).bind(2, after).bind(3, static_cast<int64_t>(limit) + 1);
  return read_page<GroupRow>(s, limit, read_group);
}

}  // namespace localiam::storage
