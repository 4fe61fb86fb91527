#include "iam/handler_support.hpp"

#include <vector>

#include "common/url_encoding.hpp"
#include "iam/tag_support.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/service_linked_role_repository.hpp"

namespace localiam::api {

Result<storage::UserRow> require_user(RequestContext& ctx, std::string_view name) {
  storage::UserRepository users(ctx.db);
  if (auto user = users.find(ctx.account(), name)) return std::move(*user);
  return errors::NoSuchEntity("The user with name " + std::string(name) + " cannot be found.");
}

Result<storage::GroupRow> require_group(RequestContext& ctx, std::string_view name) {
  storage::GroupRepository groups(ctx.db);
  if (auto group = groups.find(ctx.account(), name)) return std::move(*group);
  return errors::NoSuchEntity("The group with name " + std::string(name) + " cannot be found.");
}

Result<storage::RoleRow> require_role(RequestContext& ctx, std::string_view name) {
  storage::RoleRepository roles(ctx.db);
  if (auto role = roles.find(ctx.account(), name)) return std::move(*role);
  return errors::NoSuchEntity("The role with name " + std::string(name) + " cannot be found.");
}

Result<storage::UserRow> user_param_or_caller(RequestContext& ctx) {
  if (const std::string* name = ctx.optional_param("UserName")) return require_user(ctx, *name);
  if (ctx.caller.kind != PrincipalKind::kUser)
    return errors::ValidationError("Must specify userName when calling with non-User credentials");
  return require_user(ctx, ctx.caller.name);
}

Status require_modifiable_role(RequestContext& ctx, const storage::RoleRow& role) {
  if (storage::ServiceLinkedRoleRepository(ctx.db).service_of(role.row))
    return errors::UnmodifiableEntity("Cannot perform the operation on the protected role '" +
                                      role.name + "' - this role is only modifiable by AWS");
  return ok_status();
}

std::string path_param(RequestContext& ctx, std::string_view name) {
  const std::string* p = ctx.optional_param(name);
  return p ? *p : "/";
}

void write_boundary(XmlNode& node, const std::string& policy_arn) {
  node.child("PermissionsBoundary")
      .text("PermissionsBoundaryType", "Policy")
      .text("PermissionsBoundaryArn", policy_arn);
}

void write_user(XmlNode& node, arn::Partition partition, const storage::UserRow& user,
                const std::vector<storage::TagRow>* tags,
                const std::optional<std::string>& boundary) {
  node.text("Path", user.path)
      .text("UserName", user.name)
      .text("UserId", user.user_id)
      .text("Arn", arn::entity(partition, user.account_id, "user", user.path, user.name))
      .timestamp("CreateDate", user.create_date);
  if (boundary) write_boundary(node, *boundary);
  if (tags && !tags->empty()) write_tags(node, *tags);
}

void write_group(XmlNode& node, arn::Partition partition, const storage::GroupRow& group) {
  node.text("Path", group.path)
      .text("GroupName", group.name)
      .text("GroupId", group.group_id)
      .text("Arn", arn::entity(partition, group.account_id, "group", group.path, group.name))
      .timestamp("CreateDate", group.create_date);
}

void write_role(XmlNode& node, arn::Partition partition, const storage::RoleRow& role,
                RoleView view, const std::vector<storage::TagRow>* tags,
                const std::optional<std::string>& boundary) {
  node.text("Path", role.path)
      .text("RoleName", role.name)
      .text("RoleId", role.role_id)
      .text("Arn", arn::entity(partition, role.account_id, "role", role.path, role.name))
      .timestamp("CreateDate", role.create_date)
      .text("AssumeRolePolicyDocument", uri_encode(role.trust_policy));
  if (role.description) node.text("Description", *role.description);
  if (view != RoleView::kCreate) node.integer("MaxSessionDuration", role.max_session_duration);
  if (boundary) write_boundary(node, *boundary);
  if (tags && !tags->empty()) write_tags(node, *tags);
  if (view == RoleView::kGet) {
    XmlNode& used = node.child("RoleLastUsed");
    if (role.last_used_date) {
      used.timestamp("LastUsedDate", *role.last_used_date);
      used.text("Region", role.last_used_region.value_or("us-east-1"));
    }
  }
}

}  // namespace localiam::api
