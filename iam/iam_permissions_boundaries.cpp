// Permissions boundaries: PutUserPermissionsBoundary, DeleteUserPermissionsBoundary,
// PutRolePermissionsBoundary, DeleteRolePermissionsBoundary. None has a Result element.
#include "iam/boundary_support.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"

namespace localiam::api {

namespace {

using storage::BoundaryTarget;

Result<XmlNode> PutUserPermissionsBoundary(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  const std::string& arn = ctx.param("PermissionsBoundary");
  RETURN_IF_ERROR(check_boundary_policy(ctx, arn));
  storage::BoundaryRepository(ctx.db).put(BoundaryTarget::kUser, user.row, ctx.account(), arn);
  return XmlNode();
}

// Deleting a boundary that is not there succeeds, as in AWS.
Result<XmlNode> DeleteUserPermissionsBoundary(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  storage::BoundaryRepository(ctx.db).remove(BoundaryTarget::kUser, user.row);
  return XmlNode();
}

Result<XmlNode> PutRolePermissionsBoundary(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  RETURN_IF_ERROR(require_modifiable_role(ctx, role));
  const std::string& arn = ctx.param("PermissionsBoundary");
  RETURN_IF_ERROR(check_boundary_policy(ctx, arn));
  storage::BoundaryRepository(ctx.db).put(BoundaryTarget::kRole, role.row, ctx.account(), arn);
  return XmlNode();
}

Result<XmlNode> DeleteRolePermissionsBoundary(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  RETURN_IF_ERROR(require_modifiable_role(ctx, role));
  storage::BoundaryRepository(ctx.db).remove(BoundaryTarget::kRole, role.row);
  return XmlNode();
}

}  // namespace

void add_permissions_boundary_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(),
               {
                   {.name = "PutUserPermissionsBoundary",
                    .service = iam,
                    .handler = PutUserPermissionsBoundary,
                    .rules = {required(existing_user_name()), arn("PermissionsBoundary")},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("user", "UserName")},
                   {.name = "DeleteUserPermissionsBoundary",
                    .service = iam,
                    .handler = DeleteUserPermissionsBoundary,
                    .rules = {required(existing_user_name())},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("user", "UserName")},
                   {.name = "PutRolePermissionsBoundary",
                    .service = iam,
                    .handler = PutRolePermissionsBoundary,
                    .rules = {role_name(), arn("PermissionsBoundary")},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("role", "RoleName")},
                   {.name = "DeleteRolePermissionsBoundary",
                    .service = iam,
                    .handler = DeleteRolePermissionsBoundary,
                    .rules = {role_name()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("role", "RoleName")},
               });
}

}  // namespace localiam::api
