// The policies that govern an IAM user or role, gathered from storage and compiled (through the
// shared compile cache): inline and attached managed policies of the entity and, for users, of
// every group they belong to; and the permissions boundary when storage has one. Used by the
// simulator (SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy) and by enforce mode.
// Callers hold the database lock.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/service_context.hpp"
#include "policy/evaluator.hpp"
#include "storage/rows.hpp"

namespace localiam::api {

struct LoadedPolicy {
  std::string id;  // SourcePolicyId: inline policy name, or managed policy name
  policy::SourceType type = policy::SourceType::kNone;
  std::string document;  // as stored
  std::shared_ptr<const policy::CompiledPolicy> compiled;
  std::string arn;    // a managed policy's ARN; empty for inline and session policies
  std::string group;  // a user's group policy: the group it comes through; empty otherwise
};

struct PrincipalPolicies {
  std::vector<LoadedPolicy> identity;
  // The permissions boundary; empty: none. (A simulation may pass several documents, which
  // together act as one boundary.)
  std::vector<LoadedPolicy> boundary;
};

// A user's own inline and managed policies, then each group's.
PrincipalPolicies load_user_policies(storage::Database& db, const storage::UserRow& user);
PrincipalPolicies load_role_policies(storage::Database& db, const storage::RoleRow& role);
PrincipalPolicies load_group_policies(storage::Database& db, const storage::GroupRow& group);

// A managed policy's default document by ARN (AWS managed or customer managed), or nullopt.
std::optional<LoadedPolicy> load_managed_policy(storage::Database& db, const std::string& arn);

// PolicyInputs viewing `policies` (valid while `policies` lives).
std::vector<policy::PolicyInput> policy_inputs(const std::vector<LoadedPolicy>& policies);

}  // namespace localiam::api
