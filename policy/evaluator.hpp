// The authorisation decision as AWS documents its policy evaluation logic: an explicit Deny in
// any applicable policy wins; otherwise an Allow is needed from the identity-based policies (or a
// same-account resource-based policy naming the principal, its role or everyone; one naming only
// the account delegates to the identity policies), and every permissions boundary and session
// policy present must allow too; cross-account requests need both sides to allow. The account
// root is not limited by identity policies. The result names what decided and the statements
// involved, for the simulator's MatchedStatements and for enforce-mode messages and logs. Pure;
// thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.hpp"
#include "policy/request_context.hpp"

namespace localiam::policy {

// SourcePolicyType as the simulator names it.
enum class SourceType { kUser, kGroup, kRole, kAwsManaged, kUserManaged, kResource, kNone };
std::string_view source_type_name(SourceType type);

struct PolicyInput {
  const CompiledPolicy* policy = nullptr;
  std::string id;  // SourcePolicyId: policy name, ARN, "PolicyInputList.1", …
  SourceType type = SourceType::kNone;
};

struct EvaluationInput {
  std::span<const PolicyInput> identity;  // user/group/role inline and managed policies
  bool has_boundary = false;
  std::span<const PolicyInput> boundary;  // the permissions boundary
  bool has_session = false;
  std::span<const PolicyInput> session;   // session policies of the calling session
  const PolicyInput* resource = nullptr;  // resource-based policy (a role's trust policy, …)
  std::string resource_account;           // account owning the resource ("": the caller's)
  // The resource policy must allow whatever else does (role trust policies for sts:AssumeRole).
  bool resource_required = false;
  bool principal_is_root = false;  // the account root: identity policies do not limit it
  bool collect_details = false;    // fill matched statements from every policy, missing keys
};

enum class Decision { kAllowed, kExplicitDeny, kImplicitDeny };
std::string_view decision_name(Decision d);  // "allowed", "explicitDeny", "implicitDeny"

// Which kind of policy decided a denial (or kIdentity/kResource/kRoot for an allow).
enum class DecidedBy { kIdentity, kBoundary, kSession, kResource, kRoot };

// Which set of policies a statement came from.
enum class PolicyRole { kIdentity, kBoundary, kSession, kResource };

struct MatchedStatement {
  const PolicyInput* source = nullptr;
  size_t index = 0;  // into source->policy->statements
  PolicyRole role = PolicyRole::kIdentity;
  Effect effect = Effect::kAllow;
};

struct EvaluationResult {
  Decision decision = Decision::kImplicitDeny;
  DecidedBy decided_by = DecidedBy::kIdentity;
  // Explicit deny: the denying statements. Allowed: the allowing statements (all of them when
  // collect_details, else the first of each policy set). Implicit deny: none.
  std::vector<MatchedStatement> matched;
  // With collect_details: condition keys the request lacked in otherwise applicable statements.
  std::vector<std::string> missing_keys;
  // The permissions boundary's own verdict (kAllowed when there is none).
  Decision boundary = Decision::kAllowed;
  bool identity_allows = false;
  bool resource_allows = false;
};

EvaluationResult evaluate(const EvaluationInput& input, const AuthzRequest& request);

// The reason clause of AWS's AccessDenied message for a denial: "with an explicit deny in an
// identity-based policy", "because no identity-based policy allows the iam:CreateUser action",
// "because no permissions boundary allows …", "because no session policy allows …",
// "because no resource-based policy allows …". `action` as the caller wrote it.
std::string denial_reason(const EvaluationResult& result, std::string_view action);

}  // namespace localiam::policy
