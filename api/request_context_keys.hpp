// The condition keys enforce mode puts in a request's context beyond who the caller is: the
// caller's tags and session facts (aws:PrincipalTag/*, aws:TokenIssueTime,
// aws:MultiFactorAuthPresent/Age, aws:SourceIdentity), the request's own values (aws:SourceIp,
// aws:RequestTag/*, aws:TagKeys, iam:PermissionsBoundary, iam:PolicyARN,
// sts:TransitiveTagKeys) and the tags of the IAM user or role the request acts on
// (aws:ResourceTag/* and iam:ResourceTag/*). Reads the database through `lookups`; callers hold
// its lock.
#pragma once

#include "api/authorization_memo.hpp"
#include "api/service_context.hpp"
#include "policy/request_context.hpp"

namespace localiam::api {

void add_principal_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                        policy::ContextKeys& context);
void add_request_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                      policy::ContextKeys& context);

}  // namespace localiam::api
