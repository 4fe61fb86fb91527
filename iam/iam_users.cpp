// IAM users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser.
#include "common/random_ids.hpp"
#include "iam/account_quotas.hpp"
#include "iam/boundary_support.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/login_profile_repository.hpp"
#include "storage/mfa_device_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/service_credential_repository.hpp"
#include "storage/signing_certificate_repository.hpp"
#include "storage/ssh_key_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

Result<XmlNode> CreateUser(RequestContext& ctx) {
  const std::string& name = ctx.param("UserName");
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(storage::TagTarget::kUser, tags));
  storage::UserRepository users(ctx.db);
  if (users.find(ctx.account(), name))
    return errors::EntityAlreadyExists("User with name " + name + " already exists.");
  const std::string* boundary = ctx.optional_param("PermissionsBoundary");
  if (boundary) RETURN_IF_ERROR(check_boundary_policy(ctx, *boundary));
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kUsers));
  storage::UserRow user{0, ctx.account(), name, make_unique_id("AIDA"), path_param(ctx), ctx.now};
  users.insert(user);
  if (boundary) {
    storage::BoundaryRepository(ctx.db).put(storage::BoundaryTarget::kUser, user.row, ctx.account(),
                                            *boundary);
  }
  RETURN_IF_ERROR(add_tags(ctx, storage::TagTarget::kUser, user.row, tags));
  XmlNode result;
  write_user(result.child("User"), ctx.partition, user, &tags,
             boundary ? std::optional<std::string>(*boundary) : std::nullopt);
  return result;
}

Result<XmlNode> GetUser(RequestContext& ctx) {
  XmlNode result;
  const std::string* name = ctx.optional_param("UserName");
  if (!name) {
    // Without a name, GetUser describes the caller: an IAM user, or the account root.
    if (ctx.caller.kind == PrincipalKind::kRoot) {
      result.child("User")
          .text("UserId", ctx.caller.account_id)
          .text("Arn", ctx.caller.arn)
          .timestamp("CreateDate", ctx.now);
      return result;
    }
    if (ctx.caller.kind != PrincipalKind::kUser)
      return errors::ValidationError(
          "Must specify userName when calling with non-User credentials");
    name = &ctx.caller.name;
  }
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, *name));
  const auto tags = storage::TagRepository(ctx.db).list(storage::TagTarget::kUser, user.row);
  write_user(result.child("User"), ctx.partition, user, &tags,
             storage::user_permissions_boundary(ctx.db, user));
  return result;
}

Result<XmlNode> ListUsers(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  std::string prefix = path_param(ctx, "PathPrefix");
  storage::UserRepository users(ctx.db);
  auto page = users.list(ctx.account(), {prefix, after, max_items(ctx)});
  XmlNode result;
  XmlNode& list = result.list("Users");
  for (const auto& user : page.items) write_user(list.member(), ctx.partition, user);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

Result<XmlNode> DeleteUser(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  if (storage::LoginProfileRepository(ctx.db).find(user.row))
    return errors::DeleteConflict("Cannot delete entity, must delete login profile first.");
  if (storage::AccessKeyRepository(ctx.db).count_for_user(user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete access keys first.");
  if (storage::MfaDeviceRepository(ctx.db).count_for_user(user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete MFA device first.");
  if (storage::SigningCertificateRepository(ctx.db).count_for_user(user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete certificates first.");
  if (storage::SshKeyRepository(ctx.db).count_for_user(user.row) > 0 ||
      storage::ServiceCredentialRepository(ctx.db).count_for_user(user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must remove referenced objects first.");
  if (storage::GroupRepository(ctx.db).group_count_for_user(user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must remove users from group first.");
  if (storage::InlinePolicyRepository(ctx.db).count(storage::InlineTarget::kUser, user.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete policies first.");
  if (storage::PolicyRepository(ctx.db).attached_count(storage::AttachmentTarget::kUser, user.row) >
      0)
    return errors::DeleteConflict("Cannot delete entity, must detach all policies first.");
  storage::TagRepository(ctx.db).remove_all(storage::TagTarget::kUser, user.row);
  storage::UserRepository(ctx.db).remove(user.row);
  return XmlNode();
}

Result<XmlNode> UpdateUser(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  storage::UserRepository users(ctx.db);
  if (const std::string* new_name = ctx.optional_param("NewUserName")) {
    // A change of case only is a rename of the same user, not a clash.
    auto other = users.find(ctx.account(), *new_name);
    if (other && other->row != user.row)
      return errors::EntityAlreadyExists("User with name " + *new_name + " already exists.");
    user.name = *new_name;
  }
  if (const std::string* new_path = ctx.optional_param("NewPath")) user.path = *new_path;
  users.update(user);
  return XmlNode();
}

}  // namespace

void add_user_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "CreateUser",
           .service = iam,
           .handler = CreateUser,
           .rules = {path(), new_user_name(), optional_arn("PermissionsBoundary"), tags()},
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "GetUser",
           .service = iam,
           .handler = GetUser,
           .rules = {existing_user_name()},
           .resource = resource::user_or_caller()},
          {.name = "ListUsers",
           .service = iam,
           .handler = ListUsers,
           .rules = {path_prefix(), marker(), max_items()},
           .resource = resource::listing("user")},
          {.name = "UpdateUser",
           .service = iam,
           .handler = UpdateUser,
           .rules = {required(existing_user_name()), path("NewPath"), name("NewUserName", 64)},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "DeleteUser",
           .service = iam,
           .handler = DeleteUser,
           .rules = {required(existing_user_name())},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
      });
}

}  // namespace localiam::api
