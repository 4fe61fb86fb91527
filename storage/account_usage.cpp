#include "storage/account_usage.hpp"

namespace localiam::storage {

namespace {

int64_t count(Database& db, const char* sql, std::string_view account_id) {
  Statement s = db.prepare(sql);
  s.bind(1, account_id);
  return s.step() ? s.integer(0) : 0;
}

}  // namespace

int64_t count_account_entities(Database& db, std::string_view account_id, CountedEntity what) {
  const char* kind = "users";
  switch (what) {
    case CountedEntity::kUsers:
      kind = "users";
      break;
    case CountedEntity::kGroups:
      kind = "groups";
      break;
    case CountedEntity::kRoles:
      kind = "roles";
      break;
    case CountedEntity::kPolicies:
      kind = "policies";
      break;
    case CountedEntity::kServerCertificates:
      kind = "server_certificates";
      break;
  }
  Statement s = db.prepare("SELECT n FROM entity_counts WHERE account_id = ? AND kind = ?");
  s.bind(1, account_id).bind(2, std::string_view(kind));
  return s.step() ? s.integer(0) : 0;
}

AccountUsage count_account_usage(Database& db, std::string_view account_id) {
  AccountUsage u;
  u.users = count(db, "SELECT COUNT(*) FROM users WHERE account_id = ?", account_id);
  u.groups = count(db, "SELECT COUNT(*) FROM groups WHERE account_id = ?", account_id);
  u.roles = count(db, "SELECT COUNT(*) FROM roles WHERE account_id = ?", account_id);
  u.policies = count(db, "SELECT COUNT(*) FROM policies WHERE account_id = ?", account_id);
  u.policy_versions_in_use = count(db,
                                   "SELECT (SELECT COUNT(*) FROM user_policy_attachments "
                                   "WHERE account_id = ?1) + "
                                   "(SELECT COUNT(*) FROM group_policy_attachments "
                                   "WHERE account_id = ?1) + "
                                   "(SELECT COUNT(*) FROM role_policy_attachments "
                                   "WHERE account_id = ?1)",
                                   account_id);
  u.mfa_devices = count(db, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?", account_id);
  u.mfa_devices_in_use =
      count(db, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND user_row IS NOT NULL",
            account_id);
  u.server_certificates =
      count(db, "SELECT COUNT(*) FROM server_certificates WHERE account_id = ?", account_id);
  u.providers = count(db,
                      "SELECT (SELECT COUNT(*) FROM oidc_providers WHERE account_id = ?1) + "
                      "(SELECT COUNT(*) FROM saml_providers WHERE account_id = ?1)",
                      account_id);
  {
    Statement s = db.prepare(
        "SELECT global_endpoint_token_version FROM sts_preferences WHERE account_id = ?");
    s.bind(1, account_id);
    if (s.step() && s.text(0) == "v2Token") u.global_endpoint_token_version = 2;
  }
  u.instance_profiles =
      count(db, "SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?", account_id);
  return u;
}

}  // namespace localiam::storage
