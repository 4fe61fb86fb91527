#include "api/authorization.hpp"

#include <string_view>
#include <utility>

#include "api/authorization_memo.hpp"
#include "api/principal_policies.hpp"
#include "api/request_context_keys.hpp"
#include "policy/policy_cache.hpp"
#include "policy/referenced_keys.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/password_policy_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

std::string iam_arn(std::string_view account, std::string_view kind, std::string_view path,
                    std::string_view name) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  std::string arn;
  arn.reserve(kPrefix.size() + account.size() + 1 + kind.size() + path.size() + name.size());
  arn.append(kPrefix).append(account).append(1, ':').append(kind).append(path).append(name);
  return arn;
}

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
std::string resource_arn(RequestContext& ctx, AuthorizationLookups& lookups,
                         const Action& action) {
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
      return iam_arn(account, "user", user->path, user->name);
    }
    return iam_arn(account, "user", p, *name);
  }
  if (const std::string* name = ctx.optional_param("RoleName")) {
    if (const auto& role = lookups.role(account, *name)) {
      return iam_arn(account, "role", role->path, role->name);
    }
    return iam_arn(account, "role", p, *name);
  }
  if (const std::string* name = ctx.optional_param("GroupName")) {
    if (const auto& group = lookups.group(account, *name)) {
      return iam_arn(account, "group", group->path, group->name);
    }
    return iam_arn(account, "group", p, *name);
  }
  if (const std::string* arn = ctx.optional_param("PolicyArn")) return *arn;
  if (const std::string* name = ctx.optional_param("PolicyName");
      name && action.name == "CreatePolicy") {
    return "arn:aws:iam::" + account + ":policy" + p + *name;
  }
  // The list actions whose resource type is the listed kind are authorised against the path
  // ("arn:aws:iam::ACCOUNT:user/" for ListUsers, as AWS's AccessDenied messages show).
  for (const auto& [list_action, kind] : kListedKinds) {
    if (action.name != list_action) continue;
    const std::string* prefix = ctx.optional_param("PathPrefix");
    return iam_arn(account, kind, prefix ? *prefix : "/", "");
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
  const std::string service = action.service == Service::kIam ? "iam" : "sts";
  const std::string action_name = service + ":" + std::string(action.name);
  // GetCallerIdentity needs no permission, as on AWS.
  if (action.name == "GetCallerIdentity") return ok_status();
  const bool assume_role = action.name == "AssumeRole";
  // The account root is never denied by identity policies; only a role's trust policy can
  // refuse it.
  if (caller.kind == PrincipalKind::kRoot && !assume_role) {
    decided = "root";
    return ok_status();
  }
  AuthorizationLookups lookups(ctx);
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
    principal.role_arn = "arn:aws:iam::" + caller.account_id + ":role/" + caller.name;
    if (const auto& role = lookups.role(caller.account_id, caller.name)) {
      principal.role_arn = iam_arn(caller.account_id, "role", role->path, role->name);
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
    resource_account = std::string(resource.size() > 25 ? resource.substr(13, 12) : "");
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
  policy::PolicyInput trust_input;
  if (trust) trust_input = {trust->compiled.get(), trust->id, trust->type};

  policy::ReferencedKeys wanted;
  for (const auto* inputs : {&identity, &boundary, &session_inputs})
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
  policy::EvaluationResult r = policy::evaluate(input, request);
  if (r.decision == policy::Decision::kImplicitDeny && password_policy_grants(ctx, action)) {
    decided = "AllowUsersToChangePassword";
    return ok_status();
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
  std::string reason = policy::denial_reason(r, action_name);
  decided = std::string(policy::decision_name(r.decision)) + ": " + reason + statement();
  if (assume_role) {
    return errors::AccessDenied(
        "User: " + caller.arn +
        " is not authorized to perform: sts:AssumeRole on resource: " + resource);
  }
  return errors::AccessDenied("User: " + caller.arn + " is not authorized to perform: " +
                              action_name + " on resource: " + resource + " " + reason);
}

}  // namespace localiam::api
