#include "storage/entity_directory.hpp"

#include <array>

namespace localiam::storage {

namespace {

struct Table {
  const char* name;
  const char* id_column;
};

Table table_of(DirectoryKind kind) {
  switch (kind) {
    case DirectoryKind::kUsers:
      return {"users", "user_id"};
    case DirectoryKind::kGroups:
      return {"groups", "group_id"};
    case DirectoryKind::kRoles:
      return {"roles", "role_id"};
    case DirectoryKind::kPolicies:
      break;
  }
  return {"policies", "policy_id"};
}

// instr() on lower(): IAM names are ASCII, and SQLite's lower() folds ASCII only.
constexpr const char* kMatches = "(?2 = '' OR instr(lower(name), lower(?2)) > 0)";

// The two statements of one kind. Database::prepare() caches statements by the address of their
// text, so the texts are built once and live as long as the program.
struct KindStatements {
  std::string rows;
  std::string count;
};

const KindStatements& statements_of(DirectoryKind kind) {
  static const auto all = [] {
    std::array<KindStatements, 4> out;
    for (DirectoryKind k : {DirectoryKind::kUsers, DirectoryKind::kGroups, DirectoryKind::kRoles,
                            DirectoryKind::kPolicies}) {
      const Table t = table_of(k);
      // Table and column names are constants of this file; every value is bound.
      out[static_cast<size_t>(k)] = {
          std::string("SELECT name, path, ") + t.id_column + ", create_date FROM " + t.name +
              " WHERE account_id = ?1 AND " + kMatches + " AND name > ?3 ORDER BY name LIMIT ?4",
          std::string("SELECT count(*) FROM ") + t.name + " WHERE account_id = ?1 AND " + kMatches};
    }
    return out;
  }();
  return all[static_cast<size_t>(kind)];
}

}  // namespace

DirectoryPage list_directory(Database& db, DirectoryKind kind, const DirectoryQuery& query) {
  const KindStatements& sql = statements_of(kind);
  DirectoryPage page;
  Statement rows = db.prepare(sql.rows.c_str());
  rows.bind(1, query.account_id).bind(2, query.contains).bind(3, query.after);
  rows.bind(4, static_cast<int64_t>(query.limit) + 1);
  while (rows.step()) {
    if (static_cast<int>(page.items.size()) == query.limit) {
      page.truncated = true;
      break;
    }
    page.items.push_back({rows.text(0), rows.text(1), rows.text(2), rows.integer(3)});
  }
  Statement count = db.prepare(sql.count.c_str());
  count.bind(1, query.account_id).bind(2, query.contains);
  count.step();
  page.matching = count.integer(0);
  return page;
}

std::vector<UserRow> users_with_policies(Database& db, std::string_view account_id) {
  Statement s = db.prepare(
      "SELECT id, name, user_id, path FROM users WHERE account_id = ?1 AND id IN ("
      "SELECT entity_row FROM inline_policies WHERE account_id = ?1 AND entity_kind = 'user' "
      "UNION SELECT user_row FROM user_policy_attachments WHERE account_id = ?1 "
      "UNION SELECT m.user_row FROM group_members m JOIN groups g ON g.id = m.group_row "
      "WHERE g.account_id = ?1) ORDER BY name");
  s.bind(1, account_id);
  std::vector<UserRow> out;
  while (s.step()) {
    UserRow u;
    u.row = s.integer(0);
    u.account_id = std::string(account_id);
    u.name = s.text(1);
    u.user_id = s.text(2);
    u.path = s.text(3);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<RoleRow> roles_with_policies(Database& db, std::string_view account_id) {
  Statement s = db.prepare(
      "SELECT id, name, role_id, path FROM roles WHERE account_id = ?1 AND id IN ("
      "SELECT entity_row FROM inline_policies WHERE account_id = ?1 AND entity_kind = 'role' "
      "UNION SELECT role_row FROM role_policy_attachments WHERE account_id = ?1) ORDER BY name");
  s.bind(1, account_id);
  std::vector<RoleRow> out;
  while (s.step()) {
    RoleRow r;
    r.row = s.integer(0);
    r.account_id = std::string(account_id);
    r.name = s.text(1);
    r.role_id = s.text(2);
    r.path = s.text(3);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> known_accounts(Database& db) {
  Statement s = db.prepare(
      "SELECT account_id FROM account_partitions UNION SELECT DISTINCT account_id FROM users "
      "UNION SELECT DISTINCT account_id FROM roles ORDER BY 1");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace localiam::storage
