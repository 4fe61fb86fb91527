// Permissions boundaries as the IAM actions take them: checking the policy ARN a request names
// (CreateUser, CreateRole, Put*PermissionsBoundary) with AWS's errors.
#pragma once

#include <string>

#include "auth/action.hpp"

namespace localiam::api {

// ValidationError "ARN x is not valid." for a malformed ARN; InvalidInput with the same words
// for an ARN whose resource is not policy/…; NoSuchEntity "Scope ARN: x does not exist or is
// not attachable." when no managed policy visible to the account has it.
Status check_boundary_policy(RequestContext& ctx, const std::string& policy_arn);

}  // namespace localiam::api
