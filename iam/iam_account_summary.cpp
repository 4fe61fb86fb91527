// GetAccountSummary: the account's entity counts, counted from storage, and IAM's default
// quotas (the values AWS reports for an account that has asked for no increase).
#include <utility>

#include "iam/iam_actions.hpp"
#include "storage/account_usage.hpp"

namespace localiam::api {

namespace {

Result<XmlNode> GetAccountSummary(RequestContext& ctx) {
  const storage::AccountUsage u = storage::count_account_usage(ctx.db, ctx.account());
  // Keys in the order of botocore's summaryKeyType. The account root has the access key pair
  // localiam is configured with, no console password and no MFA device.
  const std::pair<const char*, int64_t> entries[] = {
      {"Users", u.users},
      {"UsersQuota", 5000},
      {"Groups", u.groups},
      {"GroupsQuota", 300},
      {"ServerCertificates", u.server_certificates},
      {"ServerCertificatesQuota", 20},
      {"UserPolicySizeQuota", 2048},
      {"GroupPolicySizeQuota", 5120},
      {"GroupsPerUserQuota", 10},
      {"SigningCertificatesPerUserQuota", 2},
      {"AccessKeysPerUserQuota", 2},
      {"MFADevices", u.mfa_devices},
      {"MFADevicesInUse", u.mfa_devices_in_use},
      {"AccountMFAEnabled", 0},
      {"AccountAccessKeysPresent", 1},
      {"AccountPasswordPresent", 0},
      {"AccountSigningCertificatesPresent", 0},
      {"AttachedPoliciesPerGroupQuota", 10},
      {"AttachedPoliciesPerRoleQuota", 10},
      {"AttachedPoliciesPerUserQuota", 10},
      {"Policies", u.policies},
      {"PoliciesQuota", 1500},
      {"PolicySizeQuota", 6144},
      {"PolicyVersionsInUse", u.policy_versions_in_use},
      {"PolicyVersionsInUseQuota", 10000},
      {"VersionsPerPolicyQuota", 5},
      {"GlobalEndpointTokenVersion", u.global_endpoint_token_version},
      {"AssumeRolePolicySizeQuota", 2048},
      {"InstanceProfiles", u.instance_profiles},
      {"InstanceProfilesQuota", 1000},
      {"Providers", u.providers},
      {"RolePolicySizeQuota", 10240},
      {"Roles", u.roles},
      {"RolesQuota", 1000},
  };
  XmlNode result;
  XmlNode& map = result.child("SummaryMap");
  for (const auto& [key, value] : entries)
    map.child("entry").text("key", key).integer("value", value);
  return result;
}

}  // namespace

void add_account_summary_actions(std::vector<Action>& table) {
  table.push_back(
      {.name = "GetAccountSummary", .service = Service::kIam, .handler = GetAccountSummary});
}

}  // namespace localiam::api
