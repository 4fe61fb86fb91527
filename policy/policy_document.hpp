// Policy document validation as IAM does it when a document is stored, in IAM's order: grammar
// ("Syntax errors in policy."), Version, legacy parsing (Effect case, Date values, resource
// shapes), Sids, principals, missing actions/resources, resource ARN formats, action vendors;
// trust policies have their own statement rules. MalformedPolicyDocument with AWS's exact
// messages. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.hpp"

namespace localiam::policy {

enum class PolicyKind {
  kIdentity,  // managed and inline policies: no Principal, needs Action and Resource
  kTrust,     // role trust (AssumeRolePolicyDocument): needs Principal, no Resource, sts actions
  kSession,   // STS session policies (AssumeRole Policy, GetFederationToken Policy)
};

// Ok, or MalformedPolicyDocument with AWS's message for the first problem found.
Status validate_policy_document(std::string_view document, PolicyKind kind);

// Size as IAM counts it against quotas: characters outside JSON whitespace.
size_t policy_size_without_whitespace(std::string_view document);

}  // namespace localiam::policy
