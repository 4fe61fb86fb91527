#include "storage/schema.hpp"

#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/schema_migration_texts.hpp"

namespace localiam::storage {

namespace {

constexpr const char* kEntityTablesChildrenFirst[] = {
    "account_properties",
    "account_partitions",
    "password_policies",
    "password_history",
    "login_profiles",
    "service_linked_role_deletions",
    "service_linked_roles",
    "permissions_boundaries",
    "instance_profile_roles",
    "instance_profiles",
    "oidc_providers",
    "saml_providers",
    "outbound_federation",
    "sts_preferences",
    "account_aliases",
    "credential_reports",
    "access_advisor_jobs",
    "service_access",
    "tags",
    "mfa_devices",
    "ssh_public_keys",
    "signing_certificates",
    "server_certificates",
    "service_credentials",
    "inline_policies",
    "sessions",
    "access_keys",
    "group_policy_attachments",
    "user_policy_attachments",
    "role_policy_attachments",
    "group_members",
    "policy_versions",
    "policies",
    "roles",
    "groups",
    "users",
};

}  // namespace

std::span<const char* const> schema_migrations() {
  static const std::vector<const char*> all = [] {
    std::vector<const char*> v(first_migrations().begin(), first_migrations().end());
    v.insert(v.end(), later_migrations().begin(), later_migrations().end());
    return v;
  }();
  return all;
}

std::span<const char* const> entity_tables_children_first() { return kEntityTablesChildrenFirst; }

void migrate_schema(Database& db) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  int64_t version = 0;
  {
    Statement s = db.prepare("SELECT version FROM schema_version");
    if (s.step()) version = s.integer(0);
  }
  auto migrations = schema_migrations();
  if (version > static_cast<int64_t>(migrations.size()))
    throw DatabaseError("database schema version " + std::to_string(version) +
                        " is newer than this localiam understands");
  // A migration may rebuild a table that others reference, which foreign key enforcement
  // forbids (DROP TABLE would delete the rows the references need). The database turns
  // enforcement on only after migrating, so each migration is checked for dangling references
  // before it commits instead.
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    db.begin();
    try {
      db.exec(migrations[i]);
      if (db.prepare("PRAGMA foreign_key_check").step())
        throw DatabaseError("schema migration " + std::to_string(i + 1) +
                            " would leave a reference to a missing row");
      db.exec("DELETE FROM schema_version");
      db.prepare("INSERT INTO schema_version (version) VALUES (?)")
          .bind(1, static_cast<int64_t>(i + 1))
          .run();
      db.commit();
    } catch (...) {
      db.rollback();
      throw;
    }
  }
}

}  // namespace localiam::storage
