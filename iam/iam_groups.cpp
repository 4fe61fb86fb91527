// IAM groups and membership: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup,
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.
#include "common/random_ids.hpp"
#include "iam/account_quotas.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

namespace {

namespace {
constexpr int64_t kGroupsPerUser = 10;
}

Result<XmlNode> CreateGroup(RequestContext& ctx) {
  const std::string& name = ctx.param("GroupName");
  storage::GroupRepository groups(ctx.db);
  if (groups.find(ctx.account(), name))
    return errors::EntityAlreadyExists("Group with name " + name + " already exists.");
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kGroups));
  storage::GroupRow group{0, ctx.account(), name, make_unique_id("AGPA"), path_param(ctx), ctx.now};
  groups.insert(group);
  XmlNode result;
  write_group(result.child("Group"), ctx.partition, group);
  return result;
}

Result<XmlNode> GetGroup(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page = storage::GroupRepository(ctx.db).members(group.row, after, max_items(ctx));
  XmlNode result;
  write_group(result.child("Group"), ctx.partition, group);
  XmlNode& users = result.list("Users");
  for (const auto& user : page.items) write_user(users.member(), ctx.partition, user);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

Result<XmlNode> ListGroups(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  std::string prefix = path_param(ctx, "PathPrefix");
  auto page = storage::GroupRepository(ctx.db).list(ctx.account(), {prefix, after, max_items(ctx)});
  XmlNode result;
  XmlNode& list = result.list("Groups");
  for (const auto& group : page.items) write_group(list.member(), ctx.partition, group);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

Result<XmlNode> DeleteGroup(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  storage::GroupRepository groups(ctx.db);
  if (groups.member_count(group.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must remove users from group first.");
  if (storage::InlinePolicyRepository(ctx.db).count(storage::InlineTarget::kGroup, group.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must delete policies first.");
  if (storage::PolicyRepository(ctx.db).attached_count(storage::AttachmentTarget::kGroup,
                                                       group.row) > 0)
    return errors::DeleteConflict("Cannot delete entity, must detach all policies first.");
  groups.remove(group.row);
  return XmlNode();
}

Result<XmlNode> UpdateGroup(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  storage::GroupRepository groups(ctx.db);
  if (const std::string* new_name = ctx.optional_param("NewGroupName")) {
    // A change of case only is a rename of the same group, not a clash.
    auto other = groups.find(ctx.account(), *new_name);
    if (other && other->row != group.row)
      return errors::EntityAlreadyExists("Group with name " + *new_name + " already exists.");
    group.name = *new_name;
  }
  if (const std::string* new_path = ctx.optional_param("NewPath")) group.path = *new_path;
  groups.update(group);
  return XmlNode();
}

Result<XmlNode> AddUserToGroup(RequestContext& ctx) {
  // As RemoveUserFromGroup: a missing user is reported before a missing group.
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  storage::GroupRepository groups(ctx.db);
  if (groups.group_count_for_user(user.row) >= kGroupsPerUser) {
    bool already_member = false;
    for (const auto& g : groups.groups_for_user(user.row, "", 1000).items)
      already_member = already_member || g.row == group.row;
    if (!already_member)
      return errors::LimitExceeded("Cannot exceed quota for GroupsPerUser: " +
                                   std::to_string(kGroupsPerUser));
  }
  groups.add_member(group.row, user.row);
  return XmlNode();
}

Result<XmlNode> RemoveUserFromGroup(RequestContext& ctx) {
  // AWS reports a missing user before a missing group.
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  storage::GroupRepository(ctx.db).remove_member(group.row, user.row);
  return XmlNode();
}

Result<XmlNode> ListGroupsForUser(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page = storage::GroupRepository(ctx.db).groups_for_user(user.row, after, max_items(ctx));
  XmlNode result;
  XmlNode& list = result.list("Groups");
  for (const auto& group : page.items) write_group(list.member(), ctx.partition, group);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

}  // namespace

void add_group_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(),
               {
                   {.name = "CreateGroup",
                    .service = iam,
                    .handler = CreateGroup,
                    .rules = {path(), group_name()},
                    .writes = true,
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "GetGroup",
                    .service = iam,
                    .handler = GetGroup,
                    .rules = {group_name(), marker(), max_items()},
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "ListGroups",
                    .service = iam,
                    .handler = ListGroups,
                    .rules = {path_prefix(), marker(), max_items()},
                    .resource = resource::listing("group")},
                   {.name = "UpdateGroup",
                    .service = iam,
                    .handler = UpdateGroup,
                    .rules = {group_name(), path("NewPath"), name("NewGroupName", 128)},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "DeleteGroup",
                    .service = iam,
                    .handler = DeleteGroup,
                    .rules = {group_name()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "AddUserToGroup",
                    .service = iam,
                    .handler = AddUserToGroup,
                    .rules = {group_name(), required(existing_user_name())},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "RemoveUserFromGroup",
                    .service = iam,
                    .handler = RemoveUserFromGroup,
                    .rules = {group_name(), required(existing_user_name())},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("group", "GroupName")},
                   {.name = "ListGroupsForUser",
                    .service = iam,
                    .handler = ListGroupsForUser,
                    .rules = {required(existing_user_name()), marker(), max_items()},
                    .resource = resource::entity("user", "UserName")},
               });
}

}  // namespace localiam::api
