#include "auth/authorizer.hpp"

#include <algorithm>
#include <span>

#include "common/ascii.hpp"
#include "policy/compiled_policy.hpp"

namespace localiam::api {

namespace {

using policy::Decision;
using policy::PolicyInput;

constexpr PolicyType type_of(policy::DecidedBy by) {
  switch (by) {
    case policy::DecidedBy::kBoundary:
      return PolicyType::kBoundary;
    case policy::DecidedBy::kSession:
      return PolicyType::kSession;
    case policy::DecidedBy::kResource:
      return PolicyType::kResource;
    case policy::DecidedBy::kRoot:
      return PolicyType::kRoot;
    case policy::DecidedBy::kIdentity:
      break;
  }
  return PolicyType::kIdentity;
}

constexpr PolicyType type_of(policy::PolicyRole role) {
  switch (role) {
    case policy::PolicyRole::kBoundary:
      return PolicyType::kBoundary;
    case policy::PolicyRole::kSession:
      return PolicyType::kSession;
    case policy::PolicyRole::kResource:
      return PolicyType::kResource;
    case policy::PolicyRole::kIdentity:
      break;
  }
  return PolicyType::kIdentity;
}

// `origins` gets, for each input, the policy it views (for the managed policies' ARNs).
void append_inputs(const std::vector<LoadedPolicy>& from, std::vector<PolicyInput>& to,
                   std::vector<const LoadedPolicy*>& origins) {
  for (const LoadedPolicy& p : from) {
    to.push_back({p.compiled.get(), p.id, p.type});
    origins.push_back(&p);
  }
}

// The statements of `r`, copied out of the evaluation's inputs; `scope` marks a scope-down
// evaluation, whose identity side is the scope-down policy.
// `origins[i]` is the policy `inputs[i]` views (the evaluator's matches point into `inputs`).
void take_statements(const policy::EvaluationResult& r, bool scope, PolicyType resource_type,
                     std::span<const PolicyInput> inputs,
                     const std::vector<const LoadedPolicy*>& origins,
                     std::vector<DecidingStatement>& out) {
  for (const policy::MatchedStatement& m : r.matched) {
    PolicyType type = type_of(m.role);
    if (scope) type = PolicyType::kScope;
    if (type == PolicyType::kResource) type = resource_type;
    std::string arn;
    for (size_t i = 0; i < inputs.size() && i < origins.size(); ++i)
      if (&inputs[i] == m.source) arn = origins[i]->arn;
    out.push_back(
        {m.source->id, std::move(arn), m.source->type, type, m.source->policy, m.index, m.effect});
  }
}

// The condition keys every policy in `inputs` refers to, once each (compared without case), and
// those of them `context` lacks.
void fill_keys(std::span<const PolicyInput> inputs, const policy::ContextKeys* context,
               AuthzDecision& d) {
  std::vector<std::string> seen;
  for (const PolicyInput& in : inputs) {
    if (!in.policy) continue;
    for (std::string& key : policy::context_keys_of(*in.policy)) {
      std::string lower = ascii::to_lower(key);
      if (std::find(seen.begin(), seen.end(), lower) != seen.end()) continue;
      seen.push_back(std::move(lower));
      if (!context || !context->find(key)) d.keys_missing.push_back(key);
      d.keys_asked.push_back(std::move(key));
    }
  }
}

}  // namespace

std::string_view policy_type_name(PolicyType type) {
  switch (type) {
    case PolicyType::kIdentity:
      return "identity";
    case PolicyType::kBoundary:
      return "permissionsBoundary";
    case PolicyType::kSession:
      return "session";
    case PolicyType::kScope:
      return "scopeDown";
    case PolicyType::kResource:
      return "resource";
    case PolicyType::kTrust:
      return "trust";
    case PolicyType::kRoot:
      return "root";
  }
  return "identity";
}

std::string AuthzDecision::deciding_statement() const {
  if (statements.empty()) return "";
  const DecidingStatement& s = statements.front();
  const std::string& sid = s.policy->statements[s.index].sid;
  return s.policy_id + " statement " +
         (sid.empty() ? std::to_string(s.index + 1) : '"' + sid + '"');
}

std::string AuthzDecision::describe() const {
  if (decided_by == PolicyType::kRoot && allowed()) return "root";
  std::string statement = deciding_statement();
  if (!statement.empty()) statement = " (" + statement + ")";
  if (allowed()) return "allowed" + statement;
  return std::string(policy::decision_name(effect)) + ": " + reason + statement;
}

AuthzDecision decide(const AuthzQuestion& q) {
  AuthzDecision d;
  static const PrincipalPolicies kNoPolicies;
  static const CallerPolicies kNoCaller;
  const CallerPolicies& caller = q.caller ? *q.caller : kNoCaller;
  const PrincipalPolicies& own = caller.principal ? *caller.principal : kNoPolicies;
  const ResourcePolicy* rp = q.resource_policy;
  const bool resource_required = rp && rp->required;
  // The account root is never limited by identity policies; only scope-down policies, a
  // required resource policy (a role's trust policy, a KMS key policy), a resource policy's
  // explicit deny or another account's resource can refuse it.
  if (caller.is_root && caller.scopes.empty() && !resource_required && !(rp && rp->policy) &&
      !(rp && !rp->account.empty() && q.principal && rp->account != q.principal->account)) {
    d.effect = Decision::kAllowed;
    d.decided_by = PolicyType::kRoot;
    d.identity_allows = true;
    return d;
  }

  // One vector holds every input, so that the spans below stay valid: reserve first.
  std::vector<PolicyInput> inputs;
  std::vector<const LoadedPolicy*> origins;
  inputs.reserve(own.identity.size() + own.boundary.size() + caller.session.size() +
                 caller.scopes.size() + 1);
  origins.reserve(inputs.capacity());
  append_inputs(own.identity, inputs, origins);
  const size_t boundary_at = inputs.size();
  append_inputs(own.boundary, inputs, origins);
  const size_t session_at = inputs.size();
  append_inputs(caller.session, inputs, origins);
  const size_t scopes_at = inputs.size();
  append_inputs(caller.scopes, inputs, origins);
  const size_t resource_at = inputs.size();
  if (rp && rp->policy) {
    inputs.push_back({rp->policy->compiled.get(), rp->policy->id, rp->policy->type});
    origins.push_back(rp->policy);
  }
  const std::span<const PolicyInput> all(inputs);

  policy::EvaluationInput input;
  input.identity = all.subspan(0, boundary_at);
  input.has_boundary = !own.boundary.empty();
  input.boundary = all.subspan(boundary_at, session_at - boundary_at);
  input.has_session = caller.has_session;
  input.session = all.subspan(session_at, scopes_at - session_at);
  input.principal_is_root = caller.is_root;
  input.collect_details = q.collect_details;
  PolicyInput no_resource_policy;
  if (rp) {
    // A required resource policy that is missing (an unknown role) leaves only the identity
    // side, which cannot suffice.
    input.resource = rp->policy ? &inputs[resource_at] : &no_resource_policy;
    input.resource_account = rp->account;
    input.resource_required = rp->required;
  }
  const PolicyType resource_type = rp ? rp->type : PolicyType::kResource;

  policy::AuthzRequest request{q.action, q.resource, q.principal, q.context};
  request.resource_unknown = q.resource_unknown;
  policy::EvaluationResult r = policy::evaluate(input, request);
  d.identity_allows = r.identity_allows;
  d.resource_allows = r.resource_allows;
  d.boundary = r.boundary;
  d.keys_missing = std::move(r.missing_keys);
  d.decided_by = type_of(r.decided_by);
  if (d.decided_by == PolicyType::kResource) d.decided_by = resource_type;
  bool from_scope = false;  // `r` is a scope-down policy's own verdict
  // Each scope-down policy must allow as well, alone.
  for (size_t i = scopes_at; i < resource_at && r.decision == Decision::kAllowed; ++i) {
    policy::EvaluationInput scoped;
    scoped.identity = all.subspan(i, 1);
    scoped.collect_details = q.collect_details;
    r = policy::evaluate(scoped, request);
    from_scope = true;
    if (r.decision != Decision::kAllowed) d.decided_by = PolicyType::kScope;
  }
  d.effect = r.decision;
  take_statements(r, from_scope, resource_type, all, origins, d.statements);
  if (!d.allowed()) d.reason = policy::denial_reason(r, request.action);
  if (q.collect_details) {
    // The evaluator's own list: keys lacking in statements that otherwise applied.
    std::vector<std::string> missing = std::move(d.keys_missing);
    fill_keys(all, q.context, d);
    d.keys_missing = std::move(missing);
  } else if (!d.allowed()) {
    fill_keys(all, q.context, d);
  }
  return d;
}

}  // namespace localiam::api
