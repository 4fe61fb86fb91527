// AWS's default per-account IAM quotas (the values GetAccountSummary reports) checked before an
// entity is created: LimitExceeded "Cannot exceed quota for <Name>PerAccount: <n>".
#pragma once

#include "auth/action.hpp"

namespace localiam::api {

enum class AccountQuota { kUsers, kGroups, kRoles, kPolicies, kServerCertificates };

// LimitExceeded when the caller's account already holds as many entities of `kind` as the
// quota allows (users 5000, groups 300, roles 1000, customer managed policies 1500, server
// certificates 20).
Status check_account_quota(RequestContext& ctx, AccountQuota kind);

}  // namespace localiam::api
