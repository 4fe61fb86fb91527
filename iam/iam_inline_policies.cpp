// Inline policies of users, groups and roles: Put/Get/List/Delete User/Group/RolePolicy.
// Documents are identity policies; the sum of an entity's inline policies, whitespace not
// counted, stays within AWS's quota (user 2048, group 5120, role 10240 characters).
#include "common/url_encoding.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "policy/policy_document.hpp"
#include "query/param_presets.hpp"
#include "storage/inline_policy_repository.hpp"

namespace localiam::api {

namespace {

using storage::InlineTarget;

// What differs between users, groups and roles.
struct Target {
  InlineTarget kind;
  const char* name_param;  // UserName, GroupName, RoleName
  const char* noun;        // as in "The user policy with name P cannot be found."
  size_t size_quota;
};

constexpr Target kUser{InlineTarget::kUser, "UserName", "user", 2048};
constexpr Target kGroup{InlineTarget::kGroup, "GroupName", "group", 5120};
constexpr Target kRole{InlineTarget::kRole, "RoleName", "role", 10240};

struct Entity {
  int64_t row = 0;
  std::string name;  // as stored
};

// NoSuchEntity with AWS's words when the user, group or role does not exist. `changing`: the
// caller changes the entity, which a service-linked role refuses (UnmodifiableEntity).
Result<Entity> require_entity(RequestContext& ctx, const Target& target, bool changing = false) {
  const std::string& name = ctx.param(target.name_param);
  switch (target.kind) {
    case InlineTarget::kUser: {
      ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, name));
      return Entity{user.row, user.name};
    }
    case InlineTarget::kGroup: {
      ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, name));
      return Entity{group.row, group.name};
    }
    case InlineTarget::kRole: {
      ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, name));
      if (changing) RETURN_IF_ERROR(require_modifiable_role(ctx, role));
      return Entity{role.row, role.name};
    }
  }
  return errors::InternalFailure("unknown inline policy target");
}

AwsError policy_missing(const Target& target, std::string_view policy_name) {
  return errors::NoSuchEntity("The " + std::string(target.noun) + " policy with name " +
                              std::string(policy_name) + " cannot be found.");
}

Result<XmlNode> put(RequestContext& ctx, const Target& target) {
  const std::string& policy_name = ctx.param("PolicyName");
  const std::string& document = ctx.param("PolicyDocument");
  RETURN_IF_ERROR(policy::validate_policy_document(document, policy::PolicyKind::kIdentity));
  ASSIGN_OR_RETURN(Entity entity, require_entity(ctx, target, true));
  storage::InlinePolicyRepository repo(ctx.db);
  // The quota covers all of the entity's inline policies, this one as it will be.
  size_t total = policy::policy_size_without_whitespace(document);
  for (const auto& other : repo.all(target.kind, entity.row))
    if (other.name != policy_name) total += policy::policy_size_without_whitespace(other.document);
  if (total > target.size_quota)
    return errors::LimitExceeded("Maximum policy size of " + std::to_string(target.size_quota) +
                                 " bytes exceeded for " + target.noun + " " + entity.name);
  repo.put(target.kind, ctx.account(), entity.row, policy_name, document);
  return XmlNode();
}

// Members: UserName|GroupName|RoleName, PolicyName, PolicyDocument (URL-encoded).
Result<XmlNode> get(RequestContext& ctx, const Target& target) {
  const std::string& policy_name = ctx.param("PolicyName");
  ASSIGN_OR_RETURN(Entity entity, require_entity(ctx, target));
  auto policy = storage::InlinePolicyRepository(ctx.db).find(target.kind, entity.row, policy_name);
  if (!policy) return policy_missing(target, policy_name);
  XmlNode result;
  result.text(target.name_param, entity.name)
      .text("PolicyName", policy->name)
      .text("PolicyDocument", uri_encode(policy->document));
  return result;
}

Result<XmlNode> list(RequestContext& ctx, const Target& target) {
  ASSIGN_OR_RETURN(Entity entity, require_entity(ctx, target));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page =
      storage::InlinePolicyRepository(ctx.db).names(target.kind, entity.row, after, max_items(ctx));
  XmlNode result;
  XmlNode& names = result.list("PolicyNames");
  for (const auto& name : page.items) names.member_text(name);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back());
  return result;
}

Result<XmlNode> remove(RequestContext& ctx, const Target& target) {
  const std::string& policy_name = ctx.param("PolicyName");
  ASSIGN_OR_RETURN(Entity entity, require_entity(ctx, target, true));
  if (!storage::InlinePolicyRepository(ctx.db).remove(target.kind, entity.row, policy_name))
    return policy_missing(target, policy_name);
  return XmlNode();
}

Result<XmlNode> PutUserPolicy(RequestContext& ctx) { return put(ctx, kUser); }
Result<XmlNode> GetUserPolicy(RequestContext& ctx) { return get(ctx, kUser); }
Result<XmlNode> ListUserPolicies(RequestContext& ctx) { return list(ctx, kUser); }
Result<XmlNode> DeleteUserPolicy(RequestContext& ctx) { return remove(ctx, kUser); }
Result<XmlNode> PutGroupPolicy(RequestContext& ctx) { return put(ctx, kGroup); }
Result<XmlNode> GetGroupPolicy(RequestContext& ctx) { return get(ctx, kGroup); }
Result<XmlNode> ListGroupPolicies(RequestContext& ctx) { return list(ctx, kGroup); }
Result<XmlNode> DeleteGroupPolicy(RequestContext& ctx) { return remove(ctx, kGroup); }
Result<XmlNode> PutRolePolicy(RequestContext& ctx) { return put(ctx, kRole); }
Result<XmlNode> GetRolePolicy(RequestContext& ctx) { return get(ctx, kRole); }
Result<XmlNode> ListRolePolicies(RequestContext& ctx) { return list(ctx, kRole); }
Result<XmlNode> DeleteRolePolicy(RequestContext& ctx) { return remove(ctx, kRole); }

}  // namespace

void add_inline_policy_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  // The entity's name parameter as each action's model declares it.
  const ParamRule user = required(existing_user_name());
  const ParamRule group = group_name();
  const ParamRule role = role_name();
  const auto put_rules = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, policy_name(), policy_document("PolicyDocument")};
  };
  const auto name_rules = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, policy_name()};
  };
  const auto list_rules = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, marker(), max_items()};
  };
  table.insert(table.end(), {
                                {.name = "PutUserPolicy",
                                 .service = iam,
                                 .handler = PutUserPolicy,
                                 .rules = put_rules(user),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "GetUserPolicy",
                                 .service = iam,
                                 .handler = GetUserPolicy,
                                 .rules = name_rules(user),
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "ListUserPolicies",
                                 .service = iam,
                                 .handler = ListUserPolicies,
                                 .rules = list_rules(user),
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "DeleteUserPolicy",
                                 .service = iam,
                                 .handler = DeleteUserPolicy,
                                 .rules = name_rules(user),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "PutGroupPolicy",
                                 .service = iam,
                                 .handler = PutGroupPolicy,
                                 .rules = put_rules(group),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("group", "GroupName")},
                                {.name = "GetGroupPolicy",
                                 .service = iam,
                                 .handler = GetGroupPolicy,
                                 .rules = name_rules(group),
                                 .resource = resource::entity("group", "GroupName")},
                                {.name = "ListGroupPolicies",
                                 .service = iam,
                                 .handler = ListGroupPolicies,
                                 .rules = list_rules(group),
                                 .resource = resource::entity("group", "GroupName")},
                                {.name = "DeleteGroupPolicy",
                                 .service = iam,
                                 .handler = DeleteGroupPolicy,
                                 .rules = name_rules(group),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("group", "GroupName")},
                                {.name = "PutRolePolicy",
                                 .service = iam,
                                 .handler = PutRolePolicy,
                                 .rules = put_rules(role),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "GetRolePolicy",
                                 .service = iam,
                                 .handler = GetRolePolicy,
                                 .rules = name_rules(role),
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "ListRolePolicies",
                                 .service = iam,
                                 .handler = ListRolePolicies,
                                 .rules = list_rules(role),
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "DeleteRolePolicy",
                                 .service = iam,
                                 .handler = DeleteRolePolicy,
                                 .rules = name_rules(role),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("role", "RoleName")},
                            });
}

}  // namespace localiam::api
