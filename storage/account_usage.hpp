// How many of each IAM entity an account holds, counted from storage, and the account's STS
// token version, for GetAccountSummary.
// Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

struct AccountUsage {
  int64_t users = 0;
  int64_t groups = 0;
  int64_t roles = 0;
  int64_t policies = 0;                // customer managed policies
  int64_t policy_versions_in_use = 0;  // managed-policy attachments to users, groups and roles
  int64_t mfa_devices = 0;             // virtual MFA devices, assigned or not
  int64_t mfa_devices_in_use = 0;      // assigned to a user
  int64_t server_certificates = 0;
  int64_t instance_profiles = 0;
  int64_t providers = 0;                      // OIDC and SAML identity providers
  int64_t global_endpoint_token_version = 1;  // SetSecurityTokenServicePreferences: 1 or 2
};

AccountUsage count_account_usage(Database& db, std::string_view account_id);

// One count, for a quota check (cheaper than the whole AccountUsage).
enum class CountedEntity { kUsers, kGroups, kRoles, kPolicies, kServerCertificates };
int64_t count_account_entities(Database& db, std::string_view account_id, CountedEntity what);

}  // namespace localiam::storage
