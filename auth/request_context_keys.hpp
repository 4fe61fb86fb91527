// The condition keys enforce mode puts in a request's context: who the caller is
// (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username), its tags
// and session facts (aws:PrincipalTag/*, aws:TokenIssueTime, aws:MultiFactorAuthPresent/Age,
// aws:SourceIdentity), the request's own values (aws:CurrentTime, aws:EpochTime,
// aws:RequestedRegion, aws:SecureTransport, aws:SourceIp, aws:RequestTag/*, aws:TagKeys,
// iam:PermissionsBoundary, iam:PolicyARN, sts:ExternalId, sts:RoleSessionName,
// sts:SourceIdentity, sts:TransitiveTagKeys) and the tags of the IAM user or role the request
// acts on (aws:ResourceTag/* and iam:ResourceTag/*). Only the keys in `wanted` are built: the
// others cannot change the decision. Reads the database through `lookups`; callers hold its lock.
#pragma once

#include <string_view>

#include "auth/authorization_memo.hpp"
#include "auth/service_context.hpp"
#include "policy/referenced_keys.hpp"
#include "policy/request_context.hpp"

namespace localiam::api {

// `principal_arn` is aws:PrincipalArn: the caller's ARN, or a role session's role ARN.
void add_principal_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                        const policy::ReferencedKeys& wanted, std::string_view principal_arn,
                        policy::ContextKeys& context);
void add_request_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                      const policy::ReferencedKeys& wanted, policy::ContextKeys& context);

}  // namespace localiam::api
