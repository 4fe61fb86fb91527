#include "auth/authorization.hpp"

#include <string_view>
#include <utility>

#include "auth/authorization_memo.hpp"
#include "auth/principal_policies.hpp"
#include "auth/request_context_keys.hpp"
#include "policy/policy_cache.hpp"
#include "policy/referenced_keys.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/password_policy_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

constexpr std::pair<std::string_view, std::string_view> kListedKinds[] = {
    {"ListUsers", "user"},
    {"ListGroups", "group"},
    {"ListRoles", "role"},
    {"ListInstanceProfiles", "instance-profile"},
};

bool takes_param(const Action& action, std::string_view name) {
  for (const ParamRule& rule : action.rules)
    if (name == rule.name) return true;
  return false;
}

// The resource AWS authorises the action against.
std::string resource_arn(RequestContext& ctx, AuthorizationLookups& lookups, const Action& action) {
  const std::string& account = ctx.account();
  const std::string* path = ctx.optional_param("Path");
  const std::string p = path ? *path : "/";
  if (action.service == Service::kSts) {
    if (const std::string* role = ctx.optional_param("RoleArn")) return *role;
    return "*";
  }
  // Attach/Detach act on the user, group or role; other actions naming a policy act on it.
  if (const std::string* name = ctx.optional_param("UserName")) {
    if (const auto& user = lookups.user(account, *name)) {
      return arn::entity(ctx.partition, account, "user", user->path, user->name);
    }
    return arn::entity(ctx.partition, account, "user", p, *name);
  }
  if (const std::string* name = ctx.optional_param("RoleName")) {
    if (const auto& role = lookups.role(account, *name)) {
      return arn::entity(ctx.partition, account, "role", role->path, role->name);
    }
    return arn::entity(ctx.partition, account, "role", p, *name);
  }
  if (const std::string* name = ctx.optional_param("GroupName")) {
    if (const auto& group = lookups.group(account, *name)) {
      return arn::entity(ctx.partition, account, "group", group->path, group->name);
    }
    return arn::entity(ctx.partition, account, "group", p, *name);
  }
  if (const std::string* arn = ctx.optional_param("PolicyArn")) return *arn;
  if (const std::string* name = ctx.optional_param("PolicyName");
      name && action.name == "CreatePolicy") {
    return arn::entity(ctx.partition, account, "policy", p, *name);
  }
  // The list actions whose resource type is the listed kind are authorised against the path
  // ("arn:aws:iam::ACCOUNT:user/" for ListUsers, as AWS's AccessDenied messages show).
  for (const auto& [list_action, kind] : kListedKinds) {
    if (action.name != list_action) continue;
    const std::string* prefix = ctx.optional_param("PathPrefix");
    return arn::entity(ctx.partition, account, kind, prefix ? *prefix : "/", "");
  }
  // Actions with an optional UserName (GetUser, access keys, …) act on the calling user.
  if (ctx.caller.kind == PrincipalKind::kUser && takes_param(action, "UserName"))
    return ctx.caller.arn;
  return "*";
}

std::string role_name_of(std::string_view arn) {
  return std::string(arn.substr(arn.rfind('/') + 1));
}

// The password policy's AllowUsersToChangePassword gives every IAM user iam:ChangePassword on
// themselves and iam:GetAccountPasswordPolicy at the account level, with no policy attached;
// it fills in where the user's own policies are silent (an explicit deny still wins).
bool password_policy_grants(RequestContext& ctx, const Action& action) {
  if (ctx.caller.kind != PrincipalKind::kUser) return false;
  if (action.name != "ChangePassword" && action.name != "GetAccountPasswordPolicy") return false;
  auto policy = storage::PasswordPolicyRepository(ctx.db).find(ctx.account());
  return policy && policy->allow_users_to_change;
}

}  // namespace

Status authorize(RequestContext& ctx, const Action& action, std::string& decided) {
  const Principal& caller = ctx.caller;
  const std::string action_name = action.policy_action();
  // GetCallerIdentity needs no permission, as on AWS.
  if (action.name == "GetCallerIdentity") return ok_status();
  const bool assume_role = action.name == "AssumeRole";
  // The account root is never denied by identity policies; only a role's trust policy can
  // refuse it.
  if (caller.kind == PrincipalKind::kRoot && !assume_role && !caller.temporary) {
    decided = "root";
    return ok_status();
  }
  AuthorizationLookups lookups(ctx);
  // GetScopedCredentials sessions: every scope-down policy of the chain must allow as well
  // (the root's own temporary credentials included).
  std::vector<LoadedPolicy> scopes;
  if (caller.temporary)
    if (const auto& s = lookups.session(caller.access_key_id))
      for (const std::string& document : s->scope_policies) {
        LoadedPolicy p;
        p.id = "scope-down " + std::to_string(scopes.size() + 1);
        p.document = document;
        p.compiled = policy::compiled_policy_for(p.document);
        scopes.push_back(std::move(p));
      }
  if (caller.kind == PrincipalKind::kRoot && !assume_role && scopes.empty()) {
    decided = "root";
    return ok_status();
  }
  const std::string resource = resource_arn(ctx, lookups, action);

  policy::RequestPrincipal principal;
  principal.arn = caller.arn;
  principal.account = caller.account_id;
  static const PrincipalPolicies kNoPolicies;
  const PrincipalPolicies* policies = &kNoPolicies;
  std::vector<LoadedPolicy> session;
  bool has_session = false;
  if (caller.kind == PrincipalKind::kUser) {
    if (const auto& user = lookups.user(caller.account_id, caller.name))
      policies = &lookups.user_policies(*user);
  } else if (caller.kind == PrincipalKind::kAssumedRole) {
    principal.role_arn = arn::entity(ctx.partition, caller.account_id, "role", "/", caller.name);
    if (const auto& role = lookups.role(caller.account_id, caller.name)) {
      principal.role_arn =
          arn::entity(ctx.partition, caller.account_id, "role", role->path, role->name);
      policies = &lookups.role_policies(*role);
    }
    if (const auto& s = lookups.session(caller.access_key_id)) {
      if (s->session_policy || !s->policy_arns.empty()) has_session = true;
      if (s->session_policy) {
        LoadedPolicy p;
        p.id = "session";
        p.document = *s->session_policy;
        p.compiled = policy::compiled_policy_for(p.document);
        session.push_back(std::move(p));
      }
      for (const std::string& arn : s->policy_arns) {
        if (const auto& p = lookups.managed_policy(arn)) session.push_back(*p);
      }
    }
  }

  // sts:AssumeRole: the role's trust policy is the resource-based policy.
  std::optional<LoadedPolicy> trust;
  std::string resource_account;
  if (assume_role && resource != "*") {
    resource_account = std::string(arn::account_of(resource));
    if (const auto& role = lookups.role(resource_account, role_name_of(resource))) {
      LoadedPolicy p;
      p.id = "trust";
      p.type = policy::SourceType::kResource;
      p.document = role->trust_policy;
      p.compiled = policy::compiled_policy_for(p.document);
      trust = std::move(p);
    }
  }

  std::vector<policy::PolicyInput> identity = policy_inputs(policies->identity);
  std::vector<policy::PolicyInput> boundary;
  if (policies->boundary) boundary = policy_inputs({*policies->boundary});
  std::vector<policy::PolicyInput> session_inputs = policy_inputs(session);
  std::vector<policy::PolicyInput> scope_inputs = policy_inputs(scopes);
  policy::PolicyInput trust_input;
  if (trust) trust_input = {trust->compiled.get(), trust->id, trust->type};

  policy::ReferencedKeys wanted;
  for (const auto* inputs : {&identity, &boundary, &session_inputs, &scope_inputs})
    for (const policy::PolicyInput& in : *inputs) wanted.add(in.policy);
  wanted.add(trust_input.policy);
  policy::ContextKeys context;
  context.reserve(8);
  add_principal_keys(ctx, lookups, wanted,
                     principal.role_arn.empty() ? principal.arn : principal.role_arn, context);
  add_request_keys(ctx, lookups, wanted, context);

  policy::EvaluationInput input;
  input.identity = identity;
  input.has_boundary = policies->boundary.has_value();
  input.boundary = boundary;
  input.has_session = has_session;
  input.session = session_inputs;
  input.principal_is_root = caller.kind == PrincipalKind::kRoot;
  if (assume_role) {
    // No trust policy (unknown role): nothing but the identity side, which cannot suffice.
    input.resource = &trust_input;
    input.resource_account = resource_account;
    input.resource_required = true;
  }
  policy::AuthzRequest request{action_name, resource, &principal, &context};
  // resource_arn() answers "*" where it cannot name the resource: any pattern may cover it.
  request.resource_unknown = resource == "*";
  policy::EvaluationResult r = policy::evaluate(input, request);
  for (const policy::PolicyInput& scope : scope_inputs) {
    if (r.decision != policy::Decision::kAllowed) break;
    policy::EvaluationInput scoped;
    scoped.identity = std::span<const policy::PolicyInput>(&scope, 1);
    r = policy::evaluate(scoped, request);
  }
  if (r.decision == policy::Decision::kImplicitDeny && password_policy_grants(ctx, action)) {
    decided = "AllowUsersToChangePassword";
    return ok_status();
  }
  // AssumeRole that passes session tags or a source identity also needs sts:TagSession or
  // sts:SetSourceIdentity, decided the same way (trust policy and caller's policies), and AWS
  // names that action in its AccessDenied message.
  if (assume_role && r.decision == policy::Decision::kAllowed) {
    const std::pair<const char*, bool> extras[] = {
        {"sts:TagSession",
         ctx.params.has("Tags.member.1.Key") || ctx.params.has("TransitiveTagKeys.member.1")},
        {"sts:SetSourceIdentity", ctx.params.has("SourceIdentity")},
    };
    for (const auto& [extra, passed] : extras) {
      if (!passed) continue;
      request.action = extra;
      r = policy::evaluate(input, request);
      if (r.decision != policy::Decision::kAllowed) break;
    }
  }
  // The deciding statement by its Sid when it has one, else by its position.
  auto statement = [&r]() -> std::string {
    if (r.matched.empty()) return "";
    const auto& m = r.matched.front();
    const std::string& sid = m.source->policy->statements[m.index].sid;
    return " (" + m.source->id + " statement " +
           (sid.empty() ? std::to_string(m.index + 1) : "\"" + sid + "\"") + ")";
  };
  if (r.decision == policy::Decision::kAllowed) {
    decided = "allowed" + statement();
    return ok_status();
  }
  std::string reason = policy::denial_reason(r, request.action);
  decided = std::string(policy::decision_name(r.decision)) + ": " + reason + statement();
  if (assume_role) {
    return errors::AccessDenied("User: " + caller.arn + " is not authorized to perform: " +
                                request.action + " on resource: " + resource);
  }
  return errors::AccessDenied("User: " + caller.arn + " is not authorized to perform: " +
                              action_name + " on resource: " + resource + " " + reason);
}

}  // namespace localiam::api
