#include "policy/evaluator.hpp"

#include <unordered_set>

#include "common/ascii.hpp"
#include "policy/statement_matcher.hpp"

namespace localiam::policy {

namespace {

struct SetVerdict {
  bool allows = false;
  bool denies = false;
  bool direct_allow = false;  // an Allow that names this very principal (resource policies)
  // An Allow that covers the principal by more than its account; an Allow naming only the
  // account delegates to the account's identity policies and grants nothing by itself.
  bool grants = false;
};

// Runs every statement of every policy in `set`, recording matched statements in `out`.
SetVerdict run_set(std::span<const PolicyInput> set, PolicyRole role, bool check_principal,
                   const AuthzRequest& request, std::string_view lower_action,
                   const EvaluationInput& input, EvaluationResult& out,
                   std::vector<MatchedStatement>& allows, std::string& scratch) {
  SetVerdict v;
  std::vector<std::string>* missing = input.collect_details ? &out.missing_keys : nullptr;
  for (const PolicyInput& p : set) {
    if (!p.policy) continue;
    const CompiledPolicy& policy = *p.policy;
    for (size_t i = 0; i < policy.statements.size(); ++i) {
      const CompiledStatement& st = policy.statements[i];
      StatementCheck check = check_statement(st, policy.variables_enabled, request, lower_action,
                                             check_principal, scratch, missing);
      if (!check.applies) continue;
      MatchedStatement m{&p, i, role, st.effect};
      if (st.effect == Effect::kDeny) {
        v.denies = true;
        out.matched.push_back(m);
      } else {
        if (check.principal == PrincipalMatch::kDirect) v.direct_allow = true;
        if (check.principal != PrincipalMatch::kAccount) v.grants = true;
        if (!v.allows || input.collect_details) allows.push_back(m);
        v.allows = true;
      }
    }
  }
  return v;
}

std::string_view role_phrase(DecidedBy by) {
  switch (by) {
    case DecidedBy::kBoundary:
      return "permissions boundary";
    case DecidedBy::kSession:
      return "session policy";
    case DecidedBy::kResource:
      return "resource-based policy";
    case DecidedBy::kIdentity:
    case DecidedBy::kRoot:
      break;
  }
  return "identity-based policy";
}

DecidedBy decided_by(PolicyRole role) {
  switch (role) {
    case PolicyRole::kBoundary:
      return DecidedBy::kBoundary;
    case PolicyRole::kSession:
      return DecidedBy::kSession;
    case PolicyRole::kResource:
      return DecidedBy::kResource;
    case PolicyRole::kIdentity:
      break;
  }
  return DecidedBy::kIdentity;
}

}  // namespace

std::string_view source_type_name(SourceType type) {
  switch (type) {
    case SourceType::kUser:
      return "user";
    case SourceType::kGroup:
      return "group";
    case SourceType::kRole:
      return "role";
    case SourceType::kAwsManaged:
      return "aws-managed";
    case SourceType::kUserManaged:
      return "user-managed";
    case SourceType::kResource:
      return "resource";
    case SourceType::kNone:
      break;
  }
  return "none";
}

std::string_view decision_name(Decision d) {
  switch (d) {
    case Decision::kAllowed:
      return "allowed";
    case Decision::kExplicitDeny:
      return "explicitDeny";
    case Decision::kImplicitDeny:
      break;
  }
  return "implicitDeny";
}

EvaluationResult evaluate(const EvaluationInput& input, const AuthzRequest& request) {
  EvaluationResult out;
  std::string lower_action = ascii::to_lower(request.action);
  std::string scratch;
  std::vector<MatchedStatement> allows;

  SetVerdict identity = run_set(input.identity, PolicyRole::kIdentity, false, request, lower_action,
                                input, out, allows, scratch);
  SetVerdict boundary{true, false, false, true};
  if (input.has_boundary) {
    boundary = run_set(input.boundary, PolicyRole::kBoundary, false, request, lower_action, input,
                       out, allows, scratch);
  }
  SetVerdict session{true, false, false, true};
  if (input.has_session) {
    session = run_set(input.session, PolicyRole::kSession, false, request, lower_action, input, out,
                      allows, scratch);
  }
  SetVerdict resource;
  if (input.resource) {
    resource = run_set(std::span<const PolicyInput>(input.resource, 1), PolicyRole::kResource, true,
                       request, lower_action, input, out, allows, scratch);
  }
  if (input.collect_details && !out.missing_keys.empty()) {
    std::unordered_set<std::string> seen;
    std::vector<std::string> unique;
    for (std::string& k : out.missing_keys) {
      if (seen.insert(ascii::to_lower(k)).second) unique.push_back(std::move(k));
    }
    out.missing_keys = std::move(unique);
  }
  out.boundary = boundary.denies   ? Decision::kExplicitDeny
                 : boundary.allows ? Decision::kAllowed
                                   : Decision::kImplicitDeny;
  out.identity_allows = identity.allows || input.principal_is_root;
  out.resource_allows = resource.allows;

  // 1. An explicit deny anywhere decides. (The matched list holds only denies so far.)
  if (!out.matched.empty()) {
    out.decision = Decision::kExplicitDeny;
    out.decided_by = decided_by(out.matched.front().role);
    return out;
  }
  const std::string_view caller_account =
      request.principal ? std::string_view(request.principal->account) : std::string_view();
  const bool cross_account =
      input.resource && !input.resource_account.empty() && input.resource_account != caller_account;
  bool allowed = false;
  DecidedBy by = DecidedBy::kIdentity;
  if (input.principal_is_root && !cross_account) {
    allowed = true;
    by = DecidedBy::kRoot;
  } else if (cross_account) {
    // Both sides must allow: the caller's account (identity, boundary, session) and the
    // resource's account (its resource-based policy).
    if (!out.identity_allows) {
      by = DecidedBy::kIdentity;
    } else if (!boundary.allows) {
      by = DecidedBy::kBoundary;
    } else if (!session.allows) {
      by = DecidedBy::kSession;
    } else if (!resource.allows) {
      by = DecidedBy::kResource;
    } else {
      allowed = true;
    }
  } else if (resource.allows && resource.direct_allow) {
    // Same account, granted to this very user or role session: boundaries and session policies
    // do not limit it.
    allowed = true;
    by = DecidedBy::kResource;
  } else if (!out.identity_allows && !resource.grants) {
    // Same account: a resource policy naming only the account (its ID or root ARN) leaves the
    // decision to the identity policies, which do not allow.
    by = input.resource && input.identity.empty() && !resource.allows ? DecidedBy::kResource
                                                                      : DecidedBy::kIdentity;
  } else if (!boundary.allows) {
    by = DecidedBy::kBoundary;
  } else if (!session.allows) {
    by = DecidedBy::kSession;
  } else {
    allowed = true;
    by = out.identity_allows ? DecidedBy::kIdentity : DecidedBy::kResource;
  }
  if (allowed && input.resource_required && !resource.allows) {
    allowed = false;
    by = DecidedBy::kResource;
  }
  out.decided_by = by;
  if (allowed) {
    out.decision = Decision::kAllowed;
    out.matched = std::move(allows);
  } else {
    out.decision = Decision::kImplicitDeny;
  }
  return out;
}

std::string denial_reason(const EvaluationResult& result, std::string_view action) {
  std::string phrase(role_phrase(result.decided_by));
  if (result.decision == Decision::kExplicitDeny) {
    return "with an explicit deny in a" + std::string(phrase.front() == 'i' ? "n " : " ") + phrase;
  }
  return "because no " + phrase + " allows the " + std::string(action) + " action";
}

}  // namespace localiam::policy
