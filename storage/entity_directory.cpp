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

std::vector<std::string> known_accounts(Database& db) {
  Statement s = db.prepare(
      "SELECT account_id FROM account_partitions UNION SELECT DISTINCT account_id FROM users "
      "UNION SELECT DISTINCT account_id FROM roles ORDER BY 1");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace localiam::storage
