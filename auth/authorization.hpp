// Enforce mode (--auth enforce): decides, before a handler runs, whether the caller's policies
// allow `iam:<Action>` / `sts:<Action>` on the resource AWS authorises it against. The account
// root is always allowed; IAM users are governed by their inline, managed and group policies and
// their permissions boundary; assumed-role sessions by the role's policies, its boundary and the
// session policies; sts:AssumeRole also by the role's trust policy (same-account and
// cross-account rules). Denials are AccessDenied (403) with AWS's message. Callers hold the
// database lock.
#pragma once

#include <string>

#include "auth/action.hpp"

namespace localiam::api {

// Ok, or AccessDenied "User: ARN is not authorized to perform: iam:X on resource: ARN because …".
// `decided` receives a short description of the deciding rule for the access log: "root",
// "allowed (POLICY statement \"SID\")" or "explicitDeny: because … (POLICY statement 2)"; a
// statement is named by its Sid when it has one, else by its position.
Status authorize(RequestContext& ctx, const Action& action, std::string& decided);

}  // namespace localiam::api
