// Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
// GetServiceLinkedRoleDeletionStatus. A service-linked role lives under
// /aws-service-role/SERVICE/, trusts only its service, carries the AWS managed policy the
// service defines, and is protected from ordinary changes (require_modifiable_role).
// Deletion happens at once; its task reports SUCCEEDED.
#include "common/random_ids.hpp"
#include "data/managed_policy_catalog.hpp"
#include "data/service_linked_roles.hpp"
#include "iam/account_quotas.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/service_linked_role_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

constexpr std::string_view kTaskPrefix = "task/aws-service-role/";

// The trust policy AWS gives the role: one statement, the service and the action as plain
// strings (not one-element lists), as the recorded GetRole answers show.
std::string trust_policy_for(std::string_view service) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":")" +
         std::string(service) + R"("},"Action":"sts:AssumeRole"}]})";
}

// The AWS managed policy a known service attaches, when the catalogue has it.
std::optional<std::string> service_policy_arn(arn::Partition partition,
                                              const data::ServiceLinkedRoleInfo* info) {
  if (!info) return std::nullopt;
  const std::string arn =
      arn::aws_managed_policy(partition, "/aws-service-role/", info->policy_name);
  if (!data::ManagedPolicyCatalog::instance().find_by_arn(arn)) return std::nullopt;
  return arn;
}

Result<XmlNode> CreateServiceLinkedRole(RequestContext& ctx) {
  const std::string& service = ctx.param("AWSServiceName");
  const data::ServiceLinkedRoleInfo* info = data::find_service_linked_role(service);
  std::string name =
      info ? std::string(info->role_name) : data::derived_service_linked_role_name(service);
  if (const std::string* suffix = ctx.optional_param("CustomSuffix")) {
    if (info && !info->custom_suffix_allowed)
      return errors::InvalidInput("Custom suffix is not allowed for " + service);
    name += "_" + *suffix;
  }
  if (name.size() > 64)
    return errors::InvalidInput("Role name " + name + " is longer than 64 characters.");
  storage::RoleRepository roles(ctx.db);
  if (roles.find(ctx.account(), name))
    return errors::InvalidInput("Service role name " + name +
                                " has been taken in this account, please try a different suffix.");
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kRoles));

  storage::RoleRow role;
  role.account_id = ctx.account();
  role.name = name;
  role.role_id = make_unique_id("AROA");
  role.path = "/aws-service-role/" + service + "/";
  role.trust_policy = trust_policy_for(service);
  if (const std::string* d = ctx.optional_param("Description")) role.description = *d;
  role.create_date = ctx.now;
  roles.insert(role);
  storage::ServiceLinkedRoleRepository(ctx.db).mark(role.row, service);
  if (auto arn = service_policy_arn(ctx.partition, info))
    storage::PolicyRepository(ctx.db).attach(storage::AttachmentTarget::kRole, ctx.account(),
                                             role.row, *arn);
  XmlNode result;
  write_role(result.child("Role"), ctx.partition, role, RoleView::kCreate);
  return result;
}

Result<XmlNode> DeleteServiceLinkedRole(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  storage::ServiceLinkedRoleRepository links(ctx.db);
  const std::optional<std::string> service = links.service_of(role.row);
  if (!service) return errors::InvalidInput("Role " + role.name + " is not a service-linked role.");
  if (storage::InstanceProfileRepository(ctx.db).profile_count_for_role(role.row) > 0)
    return errors::DeleteConflict(
        "Cannot delete entity, must remove roles from instance profile first.");
  storage::PolicyRepository policies(ctx.db);
  for (const std::string& arn : policies.attached_arns(storage::AttachmentTarget::kRole, role.row))
    policies.detach(storage::AttachmentTarget::kRole, role.row, arn);
  storage::TagRepository(ctx.db).remove_all(storage::TagTarget::kRole, role.row);
  storage::RoleRepository(ctx.db).remove(role.row);

  const std::string task_id =
      std::string(kTaskPrefix) + *service + "/" + role.name + "/" + make_request_id();
  links.add_deletion_task(task_id, ctx.account(), "SUCCEEDED", ctx.now);
  XmlNode result;
  result.text("DeletionTaskId", task_id);
  return result;
}

Result<XmlNode> GetServiceLinkedRoleDeletionStatus(RequestContext& ctx) {
  const std::string& task_id = ctx.param("DeletionTaskId");
  if (!task_id.starts_with(kTaskPrefix))
    return errors::InvalidInput("Invalid deletion task id: " + task_id);
  auto status =
      storage::ServiceLinkedRoleRepository(ctx.db).deletion_status(ctx.account(), task_id);
  if (!status) return errors::NoSuchEntity("Deletion task " + task_id + " does not exist.");
  XmlNode result;
  result.text("Status", *status);
  return result;
}

ParamRule service_name() {
  return ParamRule{.name = "AWSServiceName",
                   .required = true,
                   .min_length = 1,
                   .max_length = 128,
                   .pattern = Pattern::kName};
}

ParamRule custom_suffix() {
  return ParamRule{
      .name = "CustomSuffix", .min_length = 1, .max_length = 64, .pattern = Pattern::kName};
}

ParamRule description() {
  return ParamRule{.name = "Description", .max_length = 1000, .pattern = Pattern::kRoleDescription};
}

ParamRule deletion_task_id() {
  return ParamRule{.name = "DeletionTaskId", .required = true, .min_length = 1, .max_length = 1000};
}

}  // namespace

void add_service_linked_role_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(), {
                                {.name = "CreateServiceLinkedRole",
                                 .service = iam,
                                 .handler = CreateServiceLinkedRole,
                                 .rules = {service_name(), description(), custom_suffix()},
                                 .writes = true,
                                 .resource = resource::unknown()},
                                {.name = "DeleteServiceLinkedRole",
                                 .service = iam,
                                 .handler = DeleteServiceLinkedRole,
                                 .rules = {role_name()},
                                 .writes = true,
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "GetServiceLinkedRoleDeletionStatus",
                                 .service = iam,
                                 .handler = GetServiceLinkedRoleDeletionStatus,
                                 .rules = {deletion_task_id()},
                                 .resource = resource::unknown()},
                            });
}

}  // namespace localiam::api
