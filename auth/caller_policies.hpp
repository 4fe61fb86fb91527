// The policies that govern a caller, gathered for the authoriser (auth/authorizer.hpp): an IAM
// user's own and group policies and boundary; an assumed-role session's role policies, boundary
// and session policies; the scope-down policies of GetScopedCredentials sessions (the root's
// own temporary credentials included); nothing for the root. Also the caller as resource-based
// policies see it (policy::RequestPrincipal). Service-neutral: reads through
// AuthorizationLookups, so a run of requests by one principal reads storage once. Callers hold
// the database lock.
#pragma once

#include "auth/authorization_memo.hpp"
#include "auth/authorizer.hpp"
#include "auth/principal.hpp"
#include "auth/service_context.hpp"
#include "common/arn.hpp"
#include "policy/referenced_keys.hpp"
#include "policy/request_context.hpp"

namespace localiam::api {

struct Caller {
  policy::RequestPrincipal principal;
  CallerPolicies policies;
};

// `partition` is the caller's account's partition (every ARN made here carries it).
Caller gather_caller(AuthorizationLookups& lookups, const Principal& who, arn::Partition partition);

// The context keys the caller's policies and `resource_policy` (may be null) can consult.
policy::ReferencedKeys referenced_keys(const CallerPolicies& caller,
                                       const LoadedPolicy* resource_policy);

// The request's condition keys that the caller's policies and `resource_policy` (may be null)
// can consult: the principal's (aws:PrincipalArn is a role session's role) and the request's
// (auth/request_context_keys.hpp).
policy::ContextKeys caller_context(RequestContext& ctx, AuthorizationLookups& lookups,
                                   const Caller& caller, const LoadedPolicy* resource_policy);

// A question from `caller` with `context` (both outlive it); the asker fills in the action, the
// resource and any resource policy.
AuthzQuestion question_from(const Caller& caller, const policy::ContextKeys& context);

}  // namespace localiam::api
