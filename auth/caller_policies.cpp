#include "auth/caller_policies.hpp"

#include <string>
#include <utility>

#include "auth/request_context_keys.hpp"
#include "policy/policy_cache.hpp"

namespace localiam::api {

namespace {

LoadedPolicy session_policy(std::string id, const std::string& document) {
  LoadedPolicy p;
  p.id = std::move(id);
  p.document = document;
  p.compiled = policy::compiled_policy_for(p.document);
  return p;
}

}  // namespace

Caller gather_caller(AuthorizationLookups& lookups, const Principal& who,
                     arn::Partition partition) {
  Caller out;
  out.principal.arn = who.arn;
  out.principal.account = who.account_id;
  CallerPolicies& policies = out.policies;
  policies.is_root = who.kind == PrincipalKind::kRoot;
  const std::optional<storage::SessionRow>* session = nullptr;
  if (who.temporary) session = &lookups.session(who.access_key_id);
  if (session && *session)
    for (const std::string& document : (*session)->scope_policies)
      policies.scopes.push_back(
          session_policy("scope-down " + std::to_string(policies.scopes.size() + 1), document));

  if (who.kind == PrincipalKind::kUser) {
    if (const auto& user = lookups.user(who.account_id, who.name))
      policies.principal = &lookups.user_policies(*user);
  } else if (who.kind == PrincipalKind::kAssumedRole) {
    out.principal.role_arn = arn::entity(partition, who.account_id, "role", "/", who.name);
    if (const auto& role = lookups.role(who.account_id, who.name)) {
      out.principal.role_arn =
          arn::entity(partition, who.account_id, "role", role->path, role->name);
      policies.principal = &lookups.role_policies(*role);
    }
    if (session && *session) {
      const storage::SessionRow& s = **session;
      policies.has_session = s.session_policy || !s.policy_arns.empty();
      if (s.session_policy)
        policies.session.push_back(session_policy("session", *s.session_policy));
      for (const std::string& arn : s.policy_arns)
        if (const auto& p = lookups.managed_policy(arn)) policies.session.push_back(*p);
    }
  }
  return out;
}

policy::ReferencedKeys referenced_keys(const CallerPolicies& caller,
                                       const LoadedPolicy* resource_policy) {
  policy::ReferencedKeys wanted;
  if (caller.principal) {
    for (const auto* set : {&caller.principal->identity, &caller.principal->boundary})
      for (const LoadedPolicy& p : *set) wanted.add(p.compiled.get());
  }
  for (const auto* set : {&caller.session, &caller.scopes})
    for (const LoadedPolicy& p : *set) wanted.add(p.compiled.get());
  if (resource_policy) wanted.add(resource_policy->compiled.get());
  return wanted;
}

policy::ContextKeys caller_context(RequestContext& ctx, AuthorizationLookups& lookups,
                                   const Caller& caller, const LoadedPolicy* resource_policy) {
  const policy::ReferencedKeys wanted = referenced_keys(caller.policies, resource_policy);
  policy::ContextKeys context;
  context.reserve(8);
  const policy::RequestPrincipal& p = caller.principal;
  add_principal_keys(ctx, lookups, wanted, p.role_arn.empty() ? p.arn : p.role_arn, context);
  add_request_keys(ctx, lookups, wanted, context);
  return context;
}

AuthzQuestion question_from(const Caller& caller, const policy::ContextKeys& context) {
  AuthzQuestion question;
  question.principal = &caller.principal;
  question.context = &context;
  question.caller = &caller.policies;
  return question;
}

}  // namespace localiam::api
