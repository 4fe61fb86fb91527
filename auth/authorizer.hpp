// The one authoriser: may this principal, governed by these policies, perform this action on
// this resource, with these context keys and this resource-based policy? It answers as AWS's
// policy evaluation logic does (policy/evaluator.hpp) and says why, in a structured decision: the
// effect, the policy and statement that decided, that policy's type, and the condition keys the
// policies asked for and the request lacked. Service-neutral and free of storage: IAM and STS
// actions (auth/authorization.hpp), federated trust checks, the simulator and other services'
// requests all ask it; gathering the caller's policies (auth/caller_policies.hpp) and naming the
// resource are the asker's job. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal_policies.hpp"
#include "policy/evaluator.hpp"
#include "policy/request_context.hpp"

namespace localiam::api {

// The policies that govern a caller besides any resource-based policy.
struct CallerPolicies {
  const PrincipalPolicies* principal = nullptr;  // identity policies and boundary; null: none
  bool has_session = false;  // session policies were passed (even ones that name nothing)
  std::vector<LoadedPolicy> session;
  // GetScopedCredentials scope-down policies: each must allow as well.
  std::vector<LoadedPolicy> scopes;
  bool is_root = false;  // the account root: identity policies do not limit it
};

// The kind of policy that decided (for an allow: that granted).
enum class PolicyType { kIdentity, kBoundary, kSession, kScope, kResource, kTrust, kRoot };
// "identity", "permissionsBoundary", "session", "scopeDown", "resource", "trust", "root".
std::string_view policy_type_name(PolicyType type);

// A resource-based policy and the account that owns the resource.
struct ResourcePolicy {
  const LoadedPolicy* policy = nullptr;     // null: the resource has none
  std::string account;                      // "" when it is the caller's account
  PolicyType type = PolicyType::kResource;  // kTrust for a role's trust policy
  // It must allow whatever else does (a trust policy for sts:AssumeRole*; a KMS key policy,
  // which lets identity policies count only when it allows the account itself); when it is
  // missing nothing can allow.
  bool required = false;
};

struct AuthzQuestion {
  const policy::RequestPrincipal* principal = nullptr;
  std::string action;    // "service:Action", any case
  std::string resource;  // an ARN, or "*"
  // The resource could not be named: every Resource pattern covers it (see policy::AuthzRequest).
  bool resource_unknown = false;
  const policy::ContextKeys* context = nullptr;
  const CallerPolicies* caller = nullptr;  // null: the principal has no identity policies
  const ResourcePolicy* resource_policy = nullptr;
  // Every matching statement and every missing key (the simulator); else the first allowing
  // statement of each policy set, and keys only for denials.
  bool collect_details = false;
};

// A statement that took part in the decision; `policy` points into the asker's policies.
struct DecidingStatement {
  std::string policy_id;   // inline policy name, managed policy name, "session", "trust", …
  std::string policy_arn;  // a managed policy's ARN; empty otherwise
  policy::SourceType source_type = policy::SourceType::kNone;
  PolicyType type = PolicyType::kIdentity;
  const policy::CompiledPolicy* policy = nullptr;
  size_t index = 0;  // into policy->statements
  policy::Effect effect = policy::Effect::kAllow;
};

struct AuthzDecision {
  policy::Decision effect = policy::Decision::kImplicitDeny;
  PolicyType decided_by = PolicyType::kIdentity;
  // Explicit deny: the denying statements; allowed: the allowing ones; implicit deny: none.
  std::vector<DecidingStatement> statements;
  // For a denial, AWS's clause: "because no identity-based policy allows the iam:X action",
  // "with an explicit deny in a permissions boundary", …; "" when allowed.
  std::string reason;
  // The condition keys the evaluated policies refer to, and those of them the request lacked
  // (with collect_details: those lacking in statements that otherwise applied, as the
  // simulator's MissingContextValues). Filled for denials and with collect_details.
  std::vector<std::string> keys_asked;
  std::vector<std::string> keys_missing;
  // The resource policy's and the identity side's own verdicts, and the boundary's.
  bool identity_allows = false;
  bool resource_allows = false;
  policy::Decision boundary = policy::Decision::kAllowed;

  bool allowed() const { return effect == policy::Decision::kAllowed; }
  // "POLICY statement \"SID\"" (or its 1-based position when it has no Sid); "" when none.
  std::string deciding_statement() const;
  // For the access log: "root", "allowed (POLICY statement …)", "explicitDeny: REASON (…)".
  std::string describe() const;
};

AuthzDecision decide(const AuthzQuestion& question);

}  // namespace localiam::api
