// IAM roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
// UpdateAssumeRolePolicy, DeleteRole.
#include "common/random_ids.hpp"
#include "iam/account_quotas.hpp"
#include "iam/boundary_support.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/tag_support.hpp"
#include "policy/policy_document.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

namespace {

constexpr size_t kTrustPolicySizeQuota = 2048;

// MalformedPolicyDocument, or LimitExceeded when the trust policy is over its quota.
Status check_trust_policy(std::string_view trust) {
  RETURN_IF_ERROR(policy::validate_policy_document(trust, policy::PolicyKind::kTrust));
  if (policy::policy_size_without_whitespace(trust) > kTrustPolicySizeQuota)
    return errors::LimitExceeded("Cannot exceed quota for ACLSizePerRole: " +
                                 std::to_string(kTrustPolicySizeQuota));
  return ok_status();
}

ParamRule description() {
  return ParamRule{.name = "Description", .max_length = 1000, .pattern = Pattern::kRoleDescription};
}

}  // namespace

Result<XmlNode> CreateRole(RequestContext& ctx) {
  const std::string& name = ctx.param("RoleName");
  const std::string& trust = ctx.param("AssumeRolePolicyDocument");
  RETURN_IF_ERROR(check_trust_policy(trust));
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(storage::TagTarget::kRole, tags));
  const std::string* boundary = ctx.optional_param("PermissionsBoundary");
  if (boundary) RETURN_IF_ERROR(check_boundary_policy(ctx, *boundary));
  storage::RoleRepository roles(ctx.db);
  if (roles.find(ctx.account(), name))
    return errors::EntityAlreadyExists("Role with name " + name + " already exists.");
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kRoles));
  storage::RoleRow role;
  role.account_id = ctx.account();
  role.name = name;
  role.role_id = make_unique_id("AROA");
  role.path = path_param(ctx);
  role.trust_policy = trust;
  if (const std::string* d = ctx.optional_param("Description")) role.description = *d;
  if (ctx.optional_param("MaxSessionDuration"))
    role.max_session_duration = std::stoll(ctx.param("MaxSessionDuration"));
  role.create_date = ctx.now;
  roles.insert(role);
  if (boundary) {
    storage::BoundaryRepository(ctx.db).put(storage::BoundaryTarget::kRole, role.row, ctx.account(),
                                            *boundary);
  }
  RETURN_IF_ERROR(add_tags(ctx, storage::TagTarget::kRole, role.row, tags));
  // CreateRole does not echo the description (only GetRole, ListRoles and
  // UpdateRoleDescription show it): recorded from AWS, as CreatePolicy.
  storage::RoleRow shown = role;
  shown.description.reset();
  XmlNode result;
  write_role(result.child("Role"), ctx.partition, shown, RoleView::kCreate, &tags,
             boundary ? std::optional<std::string>(*boundary) : std::nullopt);
  return result;
}

Result<XmlNode> GetRole(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  const auto tags = storage::TagRepository(ctx.db).list(storage::TagTarget::kRole, role.row);
  XmlNode result;
  write_role(result.child("Role"), ctx.partition, role, RoleView::kGet, &tags,
             storage::role_permissions_boundary(ctx.db, role));
  return result;
}

Result<XmlNode> ListRoles(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  std::string prefix = path_param(ctx, "PathPrefix");
  auto page = storage::RoleRepository(ctx.db).list(ctx.account(), {prefix, after, max_items(ctx)});
  XmlNode result;
  XmlNode& list = result.list("Roles");
  for (const auto& role : page.items)
    write_role(list.member(), ctx.partition, role, RoleView::kList);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

// UpdateRole changes only what it is given; its Result element is empty.
Result<XmlNode> UpdateRole(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  RETURN_IF_ERROR(require_modifiable_role(ctx, role));
  if (const std::string* d = ctx.optional_param("Description")) role.description = *d;
  if (ctx.optional_param("MaxSessionDuration"))
    role.max_session_duration = std::stoll(ctx.param("MaxSessionDuration"));
  storage::RoleRepository(ctx.db).update(role);
  return XmlNode();
}

// Answers with the Role as CreateRole shows it (no MaxSessionDuration, no RoleLastUsed).
Result<XmlNode> UpdateRoleDescription(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  role.description = ctx.param("Description");
  storage::RoleRepository(ctx.db).update(role);
  const auto tags = storage::TagRepository(ctx.db).list(storage::TagTarget::kRole, role.row);
  XmlNode result;
  write_role(result.child("Role"), ctx.partition, role, RoleView::kCreate, &tags);
  return result;
}

Result<XmlNode> UpdateAssumeRolePolicy(RequestContext& ctx) {
  const std::string& trust = ctx.param("PolicyDocument");
  RETURN_IF_ERROR(check_trust_policy(trust));
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  RETURN_IF_ERROR(require_modifiable_role(ctx, role));
  role.trust_policy = trust;
  storage::RoleRepository(ctx.db).update(role);
  return XmlNode();
}

Result<XmlNode> DeleteRole(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  RETURN_IF_ERROR(require_modifiable_role(ctx, role));
  if (storage::InlinePolicyRepository(ctx.db).count(storage::InlineTarget::kRole, role.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete policies first.");
  if (storage::PolicyRepository(ctx.db).attached_count(storage::AttachmentTarget::kRole, role.row) >
      0)
    return errors::DeleteConflict("Cannot delete entity, must detach all policies first.");
  if (storage::InstanceProfileRepository(ctx.db).profile_count_for_role(role.row) > 0)
    return errors::DeleteConflict(
        "Cannot delete entity, must remove roles from instance profile first.");
  storage::TagRepository(ctx.db).remove_all(storage::TagTarget::kRole, role.row);
  storage::RoleRepository(ctx.db).remove(role.row);
  return XmlNode();
}

}  // namespace

void add_role_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "CreateRole",
           .service = iam,
           .handler = CreateRole,
           .rules = {path(), role_name(), policy_document("AssumeRolePolicyDocument"),
                     description(), integer("MaxSessionDuration", 3600, 43200),
                     optional_arn("PermissionsBoundary"), tags()},
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "GetRole",
           .service = iam,
           .handler = GetRole,
           .rules = {role_name()},
           .resource = resource::entity("role", "RoleName")},
          {.name = "ListRoles",
           .service = iam,
           .handler = ListRoles,
           .rules = {path_prefix(), marker(), max_items()},
           .resource = resource::listing("role")},
          {.name = "UpdateRole",
           .service = iam,
           .handler = UpdateRole,
           .rules = {role_name(), description(), integer("MaxSessionDuration", 3600, 43200)},
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "UpdateRoleDescription",
           .service = iam,
           .handler = UpdateRoleDescription,
           .rules = {role_name(), required(description())},
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "UpdateAssumeRolePolicy",
           .service = iam,
           .handler = UpdateAssumeRolePolicy,
           .rules = {role_name(), policy_document("PolicyDocument")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "DeleteRole",
           .service = iam,
           .handler = DeleteRole,
           .rules = {role_name()},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
      });
}

}  // namespace localiam::api
