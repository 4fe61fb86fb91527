#include "auth/authorization.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "auth/authorization_memo.hpp"
#include "auth/authorizer.hpp"
#include "auth/caller_policies.hpp"
#include "policy/policy_cache.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/password_policy_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

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

// Renaming or moving a user, group or server certificate needs the permission on the target as
// well as on the source ("to change Bob to Robert, the entity making the request must have
// permission on Bob and Robert", AWS's UpdateUser reference): the target's ARN when the request
// names a new name or path, else nullopt. `source` is the resolved ARN,
// arn:P:iam::ACCOUNT:TYPE/PATH/NAME.
std::optional<std::string> rename_target(const Action& action, const QueryParams& params,
                                         const std::string& source) {
  const char* new_name = action.name == "UpdateUser"                ? "NewUserName"
                         : action.name == "UpdateGroup"             ? "NewGroupName"
                         : action.name == "UpdateServerCertificate" ? "NewServerCertificateName"
                                                                    : nullptr;
  if (!new_name || source == "*") return std::nullopt;
  const std::string* name = params.get(new_name);
  const std::string* path = params.get("NewPath");
  if (!name && !path) return std::nullopt;
  const size_t type_end = source.find('/', source.rfind(':'));
  const size_t name_start = source.rfind('/') + 1;
  if (type_end == std::string::npos) return std::nullopt;
  std::string target = source.substr(0, type_end);
  target += path ? *path : source.substr(type_end, name_start - type_end);
  target += name ? *name : source.substr(name_start);
  if (target == source) return std::nullopt;
  return target;
}

}  // namespace

Authorization authorize(RequestContext& ctx, const Action& action) {
  const Principal& who = ctx.caller;
  Authorization out;
  out.action = action.policy_action();
  // GetCallerIdentity needs no permission, as on AWS.
  if (action.name == "GetCallerIdentity") return out;
  const bool assume_role = action.name == "AssumeRole";
  // The account root is never denied by identity policies (a fast path: decide() agrees).
  // The root's calls are allowed without a look at policies; the decision log still names the
  // resource when it keeps decisions.
  auto root_allowed = [&](AuthorizationLookups* lookups) {
    out.summary = "root";
    if (lookups) {
      AuthzDecision d;
      d.effect = policy::Decision::kAllowed;
      d.decided_by = PolicyType::kRoot;
      out.entry =
          decision_entry(d, out.action, resolve_resource(action.resource, ctx, *lookups).arn);
    }
    return out;
  };
  if (who.kind == PrincipalKind::kRoot && !assume_role && !who.temporary) {
    if (!ctx.service.decisions) return root_allowed(nullptr);
    AuthorizationLookups lookups(ctx);
    return root_allowed(&lookups);
  }
  AuthorizationLookups lookups(ctx);
  Caller caller = gather_caller(lookups, who, ctx.partition);
  if (caller.policies.is_root && !assume_role && caller.policies.scopes.empty())
    return root_allowed(ctx.service.decisions ? &lookups : nullptr);
  const ResolvedResource target = resolve_resource(action.resource, ctx, lookups);
  const std::string& resource = target.arn;
  out.resource = resource;

  // sts:AssumeRole: the role's trust policy is the resource-based policy, and it must allow.
  std::optional<LoadedPolicy> trust;
  ResourcePolicy trust_policy;
  trust_policy.type = PolicyType::kTrust;
  trust_policy.required = true;
  if (assume_role && resource != "*") {
    trust_policy.account = std::string(arn::account_of(resource));
    if (const auto& role = lookups.role(trust_policy.account, role_name_of(resource))) {
      trust = LoadedPolicy{.id = "trust",
                           .type = policy::SourceType::kResource,
                           .document = role->trust_policy,
                           .compiled = policy::compiled_policy_for(role->trust_policy),
                           .arn = {},
                           .group = {}};
      trust_policy.policy = &*trust;
    }
  }

  const policy::ContextKeys context = caller_context(ctx, lookups, caller, trust_policy.policy);
  AuthzQuestion question = question_from(caller, context);
  question.action = out.action;
  question.resource = resource;
  question.resource_unknown = target.unknown;
  if (assume_role) question.resource_policy = &trust_policy;
  AuthzDecision d = decide(question);
  if (d.effect == policy::Decision::kImplicitDeny && password_policy_grants(ctx, action)) {
    out.decided_by = PolicyType::kIdentity;
    out.summary = "AllowUsersToChangePassword";
    if (ctx.service.decisions) {
      out.entry = decision_entry(d, out.action, resource);
      out.entry->decision = "allowed";
      out.entry->statements.push_back(
          {"AllowUsersToChangePassword", "passwordPolicy", "", 0, "Allow", ""});
    }
    return out;
  }
  // AssumeRole that passes session tags or a source identity also needs sts:TagSession or
  // sts:SetSourceIdentity, decided the same way (trust policy and caller's policies), and AWS
  // names that action in its AccessDenied message.
  if (assume_role && d.allowed()) {
    const std::pair<const char*, bool> extras[] = {
        {"sts:TagSession",
         ctx.params.has("Tags.member.1.Key") || ctx.params.has("TransitiveTagKeys.member.1")},
        {"sts:SetSourceIdentity", ctx.params.has("SourceIdentity")},
    };
    for (const auto& [extra, passed] : extras) {
      if (!passed) continue;
      question.action = extra;
      d = decide(question);
      if (!d.allowed()) break;
    }
  }
  std::string refused_on = resource;
  if (d.allowed()) {
    if (std::optional<std::string> target = rename_target(action, ctx.params, resource)) {
      question.resource = *target;
      question.resource_unknown = false;
      d = decide(question);
      if (!d.allowed()) refused_on = *target;
    }
  }
  // "The caller of this operation must be granted the PassRole permission on the IAM role"
  // (AWS's AddRoleToInstanceProfile reference): the role is passed to EC2, and AWS requires the
  // instance ARN in iam:AssociatedResourceArn to be written arn:aws:ec2:*:ACCOUNT:instance/*.
  policy::ContextKeys pass_context;
  if (d.allowed() && action.name == "AddRoleToInstanceProfile") {
    if (const std::string* role_name = ctx.params.get("RoleName")) {
      const auto& role = lookups.role(ctx.account(), *role_name);
      refused_on = arn::entity(ctx.partition, ctx.account(), "role",
                               role ? role->path : std::string("/"), *role_name);
      pass_context = context;
      pass_context.set("iam:PassedToService", "ec2.amazonaws.com");
      pass_context.set("iam:AssociatedResourceArn",
                       "arn:" + std::string(arn::partition_name(ctx.partition)) +
                           ":ec2:*:" + ctx.account() + ":instance/*");
      question.action = "iam:PassRole";
      question.resource = refused_on;
      question.resource_unknown = false;
      question.context = &pass_context;
      d = decide(question);
    }
  }
  out.action = question.action;
  out.effect = d.effect;
  out.decided_by = d.decided_by;
  out.summary = d.describe();
  if (ctx.service.decisions) out.entry = decision_entry(d, question.action, refused_on);
  if (d.allowed()) return out;
  std::string message = "User: " + who.arn + " is not authorized to perform: " + question.action +
                        " on resource: " + refused_on;
  if (!assume_role) message += " " + d.reason;
  out.status = errors::AccessDenied(message);
  return out;
}

}  // namespace localiam::api
