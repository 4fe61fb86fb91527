#include "storage/policy_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

constexpr const char* kColumns =
    "id, account_id, name, policy_id, path, arn, description, default_version, next_version, "
    "create_date, update_date";

PolicyRow read_policy(const Statement& s) {
  PolicyRow p;
  p.row = s.integer(0);
  p.account_id = s.text(1);
  p.name = s.text(2);
  p.policy_id = s.text(3);
  p.path = s.text(4);
  p.arn = s.text(5);
  p.description = s.optional_text(6);
  p.default_version = s.text(7);
  p.next_version = s.integer(8);
  p.create_date = s.integer(9);
  p.update_date = s.integer(10);
  return p;
}

struct AttachmentSql {
  const char* attach;
  const char* detach;
  const char* exists;
  const char* count;
  const char* list;
  const char* entities;  // ?1 account, ?2 arn, ?3 after, ?4 path prefix, ?5 limit
};

const AttachmentSql& attachment_sql(AttachmentTarget target) {
  static const AttachmentSql group{
      "INSERT OR IGNORE INTO group_policy_attachments (account_id, group_row, policy_arn) "
      "VALUES (?,?,?)",
      "DELETE FROM group_policy_attachments WHERE group_row = ? AND policy_arn = ?",
      "SELECT 1 FROM group_policy_attachments WHERE group_row = ? AND policy_arn = ?",
      "SELECT count(*) FROM group_policy_attachments WHERE group_row = ?",
      "SELECT policy_arn FROM group_policy_attachments WHERE group_row = ? ORDER BY policy_arn",
      "SELECT e.name, e.group_id FROM group_policy_attachments a JOIN groups e "
      "ON e.id = a.group_row WHERE a.account_id = ?1 AND a.policy_arn = ?2 "
      "AND e.name > ?3 AND substr(e.path, 1, length(?4)) = ?4 ORDER BY e.name LIMIT ?5"};
  static const AttachmentSql user{
      "INSERT OR IGNORE INTO user_policy_attachments (account_id, user_row, policy_arn) "
      "VALUES (?,?,?)",
      "DELETE FROM user_policy_attachments WHERE user_row = ? AND policy_arn = ?",
      "SELECT 1 FROM user_policy_attachments WHERE user_row = ? AND policy_arn = ?",
      "SELECT count(*) FROM user_policy_attachments WHERE user_row = ?",
      "SELECT policy_arn FROM user_policy_attachments WHERE user_row = ? ORDER BY policy_arn",
      "SELECT e.name, e.user_id FROM user_policy_attachments a JOIN users e "
      "ON e.id = a.user_row WHERE a.account_id = ?1 AND a.policy_arn = ?2 "
      "AND e.name > ?3 AND substr(e.path, 1, length(?4)) = ?4 ORDER BY e.name LIMIT ?5"};
  static const AttachmentSql role{
      "INSERT OR IGNORE INTO role_policy_attachments (account_id, role_row, policy_arn) "
      "VALUES (?,?,?)",
      "DELETE FROM role_policy_attachments WHERE role_row = ? AND policy_arn = ?",
      "SELECT 1 FROM role_policy_attachments WHERE role_row = ? AND policy_arn = ?",
      "SELECT count(*) FROM role_policy_attachments WHERE role_row = ?",
      "SELECT policy_arn FROM role_policy_attachments WHERE role_row = ? ORDER BY policy_arn",
      "SELECT e.name, e.role_id FROM role_policy_attachments a JOIN roles e "
      "ON e.id = a.role_row WHERE a.account_id = ?1 AND a.policy_arn = ?2 "
      "AND e.name > ?3 AND substr(e.path, 1, length(?4)) = ?4 ORDER BY e.name LIMIT ?5"};
  switch (target) {
    case AttachmentTarget::kGroup:
      return group;
    case AttachmentTarget::kUser:
      return user;
    case AttachmentTarget::kRole:
      return role;
  }
  return group;
}

}  // namespace

std::optional<PolicyRow> PolicyRepository::find_by_arn(std::string_view arn) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM policies WHERE arn = ?";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, arn);
  if (!s.step()) return std::nullopt;
  return read_policy(s);
}

std::optional<PolicyRow> PolicyRepository::find_by_name(std::string_view account_id,
                                                        std::string_view name) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM policies WHERE account_id = ? AND name = ?";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_policy(s);
}

void PolicyRepository::insert(PolicyRow& policy, std::string_view document) {
  db_.prepare(
         "INSERT INTO policies (account_id, name, policy_id, path, arn, description, "
         "default_version, next_version, create_date, update_date) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, policy.account_id)
      .bind(2, policy.name)
      .bind(3, policy.policy_id)
      .bind(4, policy.path)
      .bind(5, policy.arn)
      .bind_optional(6, policy.description)
      .bind(7, policy.default_version)
      .bind(8, policy.next_version)
      .bind(9, policy.create_date)
      .bind(10, policy.update_date)
      .run();
  policy.row = db_.last_insert_rowid();
  db_.prepare(
         "INSERT INTO policy_versions (policy_row, version_id, document, create_date) "
         "VALUES (?,?,?,?)")
      .bind(1, policy.row)
      .bind(2, policy.default_version)
      .bind(3, document)
      .bind(4, policy.create_date)
      .run();
}

void PolicyRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM policy_versions WHERE policy_row = ?").bind(1, row).run();
  db_.prepare("DELETE FROM policies WHERE id = ?").bind(1, row).run();
}

std::optional<PolicyVersionRow> PolicyRepository::version(int64_t policy_row,
                                                          std::string_view version_id) {
  Statement s = db_.prepare(
      "SELECT version_id, document, create_date FROM policy_versions "
      "WHERE policy_row = ? AND version_id = ?");
  s.bind(1, policy_row).bind(2, version_id);
  if (!s.step()) return std::nullopt;
  return PolicyVersionRow{s.text(0), s.text(1), s.integer(2)};
}

std::vector<PolicyVersionRow> PolicyRepository::versions(int64_t policy_row) {
  Statement s = db_.prepare(
      "SELECT version_id, document, create_date FROM policy_versions WHERE policy_row = ? "
      "ORDER BY CAST(substr(version_id, 2) AS INTEGER) DESC");
  s.bind(1, policy_row);
  std::vector<PolicyVersionRow> out;
  while (s.step()) out.push_back(PolicyVersionRow{s.text(0), s.text(1), s.integer(2)});
  return out;
}

void PolicyRepository::add_version(int64_t policy_row, const PolicyVersionRow& version) {
  db_.prepare(
         "INSERT INTO policy_versions (policy_row, version_id, document, create_date) "
         "VALUES (?,?,?,?)")
      .bind(1, policy_row)
      .bind(2, version.version_id)
      .bind(3, version.document)
      .bind(4, version.create_date)
      .run();
}

bool PolicyRepository::remove_version(int64_t policy_row, std::string_view version_id) {
  db_.prepare("DELETE FROM policy_versions WHERE policy_row = ? AND version_id = ?")
      .bind(1, policy_row)
      .bind(2, version_id)
      .run();
  return db_.changes() > 0;
}

void PolicyRepository::update_versioning(const PolicyRow& policy) {
  db_.prepare(
         "UPDATE policies SET default_version = ?, next_version = ?, update_date = ? WHERE id = ?")
      .bind(1, policy.default_version)
      .bind(2, policy.next_version)
      .bind(3, policy.update_date)
      .bind(4, policy.row)
      .run();
}

Page<PolicyRow> PolicyRepository::list(std::string_view account_id, const ListQuery& query,
                                       bool only_attached) {
  static const std::string all_sql =
      std::string("SELECT ") + kColumns +
      " FROM policies WHERE account_id = ?1 AND name > ?2 AND substr(path, 1, length(?3)) = ?3 "
      "ORDER BY name LIMIT ?4";
  static const std::string attached_sql =
      std::string("SELECT ") + kColumns +
      " FROM policies p WHERE account_id = ?1 AND name > ?2 AND "
      "substr(path, 1, length(?3)) = ?3 AND ("
      "EXISTS (SELECT 1 FROM group_policy_attachments a WHERE a.account_id = ?1 AND "
      "a.policy_arn = p.arn) OR "
      "EXISTS (SELECT 1 FROM user_policy_attachments a WHERE a.account_id = ?1 AND "
      "a.policy_arn = p.arn) OR "
      "EXISTS (SELECT 1 FROM role_policy_attachments a WHERE a.account_id = ?1 AND "
      "a.policy_arn = p.arn)) ORDER BY name LIMIT ?4";
  Statement s = db_.prepare(only_attached ? attached_sql.c_str() : all_sql.c_str());
  s.bind(1, account_id).bind(2, query.after).bind(3, query.path_prefix).bind(4, query.limit + 1);
  return read_page<PolicyRow>(s, query.limit, read_policy);
}

void PolicyRepository::attach(AttachmentTarget target, std::string_view account_id,
                              int64_t entity_row, std::string_view policy_arn) {
  db_.prepare(attachment_sql(target).attach)
      .bind(1, account_id)
      .bind(2, entity_row)
      .bind(3, policy_arn)
      .run();
}

bool PolicyRepository::detach(AttachmentTarget target, int64_t entity_row,
                              std::string_view policy_arn) {
  db_.prepare(attachment_sql(target).detach).bind(1, entity_row).bind(2, policy_arn).run();
  return db_.changes() > 0;
}

bool PolicyRepository::is_attached(AttachmentTarget target, int64_t entity_row,
                                   std::string_view policy_arn) {
  Statement s = db_.prepare(attachment_sql(target).exists);
  s.bind(1, entity_row).bind(2, policy_arn);
  return s.step();
}

int64_t PolicyRepository::attached_count(AttachmentTarget target, int64_t entity_row) {
  Statement s = db_.prepare(attachment_sql(target).count);
  s.bind(1, entity_row);
  s.step();
  return s.integer(0);
}

std::vector<std::string> PolicyRepository::attached_arns(AttachmentTarget target,
                                                         int64_t entity_row) {
  Statement s = db_.prepare(attachment_sql(target).list);
  s.bind(1, entity_row);
  std::vector<std::string> arns;
  while (s.step()) arns.push_back(s.text(0));
  return arns;
}

int64_t PolicyRepository::attachment_count(std::string_view account_id,
                                           std::string_view policy_arn) {
  Statement s = db_.prepare(
      "SELECT (SELECT count(*) FROM group_policy_attachments WHERE account_id = ?1 AND "
      "policy_arn = ?2) + (SELECT count(*) FROM user_policy_attachments WHERE account_id = ?1 "
      "AND policy_arn = ?2) + (SELECT count(*) FROM role_policy_attachments WHERE "
      "account_id = ?1 AND policy_arn = ?2)");
  s.bind(1, account_id).bind(2, policy_arn);
  s.step();
  return s.integer(0);
}

Page<EntityRef> PolicyRepository::attached_entities(AttachmentTarget target,
                                                    std::string_view account_id,
                                                    std::string_view policy_arn,
                                                    const ListQuery& query) {
  Statement s = db_.prepare(attachment_sql(target).entities);
  s.bind(1, account_id)
      .bind(2, policy_arn)
      .bind(3, query.after)
      .bind(4, query.path_prefix)
      .bind(5, static_cast<int64_t>(query.limit) + 1);
  return read_page<EntityRef>(s, query.limit, [](const Statement& st) {
    return EntityRef{st.text(0), st.text(1)};
  });
}

std::vector<std::string> PolicyRepository::attached_arns_in_account(std::string_view account_id) {
  Statement s = db_.prepare(
      "SELECT policy_arn FROM group_policy_attachments WHERE account_id = ?1 UNION "
      "SELECT policy_arn FROM user_policy_attachments WHERE account_id = ?1 UNION "
      "SELECT policy_arn FROM role_policy_attachments WHERE account_id = ?1 ORDER BY 1");
  s.bind(1, account_id);
  std::vector<std::string> arns;
  while (s.step()) arns.push_back(s.text(0));
  return arns;
}

}  // namespace localiam::storage
