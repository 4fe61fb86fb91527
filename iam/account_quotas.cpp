#include "iam/account_quotas.hpp"

#include <string>

#include "storage/account_usage.hpp"

namespace localiam::api {

Status check_account_quota(RequestContext& ctx, AccountQuota kind) {
  using storage::CountedEntity;
  struct Quota {
    CountedEntity what;
    int64_t limit;
    const char* name;
  };
  Quota q{};
  switch (kind) {
    case AccountQuota::kUsers:
      q = {CountedEntity::kUsers, 5000, "UsersPerAccount"};
      break;
    case AccountQuota::kGroups:
      q = {CountedEntity::kGroups, 300, "GroupsPerAccount"};
      break;
    case AccountQuota::kRoles:
      q = {CountedEntity::kRoles, 1000, "RolesPerAccount"};
      break;
    case AccountQuota::kPolicies:
      q = {CountedEntity::kPolicies, 1500, "PoliciesPerAccount"};
      break;
    case AccountQuota::kServerCertificates:
      q = {CountedEntity::kServerCertificates, 20, "ServerCertificatesPerAccount"};
      break;
  }
  if (storage::count_account_entities(ctx.db, ctx.account(), q.what) >= q.limit)
    return errors::LimitExceeded(std::string("Cannot exceed quota for ") + q.name + ": " +
                                 std::to_string(q.limit));
  return ok_status();
}

}  // namespace localiam::api
