// IAM and STS actions before their handler runs (auth modes enforce and audit): names the
// resource from the action row's template (auth/resource_template.hpp), gathers the caller's
// policies and condition keys (auth/caller_policies.hpp) and asks the one authoriser
// (auth/authorizer.hpp) whether the caller may perform `iam:<Action>` / `sts:<Action>` on it.
// The account root is always allowed; sts:AssumeRole also needs the role's trust policy (and
// sts:TagSession / sts:SetSourceIdentity when it passes tags or a source identity); the password
// policy's AllowUsersToChangePassword fills in where a user's policies are silent. Denials are
// AccessDenied (403) with AWS's message. Callers hold the database lock.
#pragma once

#include <optional>
#include <string>

#include "auth/action.hpp"
#include "auth/authorizer.hpp"
#include "auth/decision_log.hpp"

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
  // The decision for the decision log (request ID, principal and time not set yet); none when
  // nothing was decided (GetCallerIdentity).
  std::optional<DecisionEntry> entry;
};

Authorization authorize(RequestContext& ctx, const Action& action);

}  // namespace localiam::api
