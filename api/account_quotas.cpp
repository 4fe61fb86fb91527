#include "api/account_quotas.hpp"

#include <string>

#include "storage/account_usage.hpp"

namespace localiam::api {

Status check_account_quota(RequestContext& ctx, AccountQuota kind) {
  const storage::AccountUsage usage = storage::count_account_usage(ctx.db, ctx.account());
  struct Quota {
    int64_t used, limit;
    const char* name;
  };
  Quota q{};
  switch (kind) {
    case AccountQuota::kUsers:
      q = {usage.users, 5000, "UsersPerAccount"};
      break;
    case AccountQuota::kGroups:
      q = {usage.groups, 300, "GroupsPerAccount"};
      break;
    case AccountQuota::kRoles:
      q = {usage.roles, 1000, "RolesPerAccount"};
      break;
    case AccountQuota::kPolicies:
      q = {usage.policies, 1500, "PoliciesPerAccount"};
      break;
    case AccountQuota::kServerCertificates:
      q = {usage.server_certificates, 20, "ServerCertificatesPerAccount"};
      break;
  }
  if (q.used >= q.limit)
    return errors::LimitExceeded(std::string("Cannot exceed quota for ") + q.name + ": " +
                                 std::to_string(q.limit));
  return ok_status();
}

}  // namespace localiam::api
