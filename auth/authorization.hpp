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
#include "auth/authorizer.hpp"

namespace localiam::api {

// What was decided about one request. `status` is ok, or AccessDenied "User: ARN is not
// authorized to perform: iam:X on resource: ARN because …" with AWS's reason. `summary` names
// the deciding rule for the access log: "root", "allowed (POLICY statement \"SID\")" or
// "explicitDeny: with an explicit deny in … (POLICY statement 2)"; a statement is named by its
// Sid when it has one, else by its position. Actions that need no permission
// (GetCallerIdentity) get an ok status and an empty summary.
struct Authorization {
  Status status = ok_status();
  std::string action;    // "iam:CreateUser" (the one denied, for AssumeRole's extra actions)
  std::string resource;  // the resource ARN, or "*"
  policy::Decision effect = policy::Decision::kAllowed;
  PolicyType decided_by = PolicyType::kRoot;
  std::string summary;
};

Authorization authorize(RequestContext& ctx, const Action& action);

}  // namespace localiam::api
