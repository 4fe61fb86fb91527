// Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
// DeleteInstanceProfile, AddRoleToInstanceProfile (one role at most),
// RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole and
// Tag/Untag/ListInstanceProfileTags.
#include "common/random_ids.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/instance_profile_shape.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::InstanceProfileRepository;
using storage::InstanceProfileRow;
using storage::TagTarget;

constexpr int64_t kInstanceProfilesPerAccount = 1000;
constexpr int64_t kRolesPerInstanceProfile = 1;

Result<InstanceProfileRow> require_profile(RequestContext& ctx) {
  const std::string& name = ctx.param("InstanceProfileName");
  auto profile = InstanceProfileRepository(ctx.db).find(ctx.account(), name);
  if (!profile) return errors::NoSuchEntity("Instance Profile " + name + " cannot be found.");
  return *profile;
}

Result<XmlNode> CreateInstanceProfile(RequestContext& ctx) {
  const std::string& name = ctx.param("InstanceProfileName");
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kInstanceProfile, tags));
  InstanceProfileRepository profiles(ctx.db);
  if (profiles.find(ctx.account(), name))
    return errors::EntityAlreadyExists("Instance Profile " + name + " already exists.");
  if (profiles.count(ctx.account()) >= kInstanceProfilesPerAccount)
    return errors::LimitExceeded("Cannot exceed quota for InstanceProfilesPerAccount: " +
                                 std::to_string(kInstanceProfilesPerAccount));
  InstanceProfileRow profile{0,      ctx.account(), name, make_unique_id("AIPA"), path_param(ctx),
                             ctx.now};
  profiles.insert(profile);
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kInstanceProfile, profile.row, tags));
  XmlNode result;
  write_instance_profile(ctx, result.child("InstanceProfile"), profile, &tags);
  return result;
}

Result<XmlNode> GetInstanceProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  const auto tags = storage::TagRepository(ctx.db).list(TagTarget::kInstanceProfile, profile.row);
  XmlNode result;
  write_instance_profile(ctx, result.child("InstanceProfile"), profile, &tags, EmptyTags::kWrite);
  return result;
}

Result<XmlNode> ListInstanceProfiles(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  std::string prefix = path_param(ctx, "PathPrefix");
  auto page =
      InstanceProfileRepository(ctx.db).list(ctx.account(), {prefix, after, max_items(ctx)});
  XmlNode result;
  XmlNode& list = result.list("InstanceProfiles");
  for (const auto& p : page.items) write_instance_profile(ctx, list.member(), p, nullptr);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

Result<XmlNode> ListInstanceProfilesForRole(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page = InstanceProfileRepository(ctx.db).list_for_role(role.row, after, max_items(ctx));
  XmlNode result;
  XmlNode& list = result.list("InstanceProfiles");
  for (const auto& p : page.items) write_instance_profile(ctx, list.member(), p, nullptr);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().name);
  return result;
}

Result<XmlNode> DeleteInstanceProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  InstanceProfileRepository profiles(ctx.db);
  if (!profiles.role_names(profile.row).empty())
    return errors::DeleteConflict(
        "Cannot delete entity, must remove roles from instance profile first.");
  storage::TagRepository(ctx.db).remove_all(TagTarget::kInstanceProfile, profile.row);
  profiles.remove(profile.row);
  return XmlNode();
}

Result<XmlNode> AddRoleToInstanceProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
  InstanceProfileRepository profiles(ctx.db);
  if (static_cast<int64_t>(profiles.role_names(profile.row).size()) >= kRolesPerInstanceProfile)
    return errors::LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: " +
                                 std::to_string(kRolesPerInstanceProfile));
  profiles.add_role(profile.row, role.row);
  return XmlNode();
}

Result<XmlNode> RemoveRoleFromInstanceProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  const std::string& role_name = ctx.param("RoleName");
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, role_name));
  if (!InstanceProfileRepository(ctx.db).remove_role(profile.row, role.row))
    return errors::NoSuchEntity("Role " + role_name + " in Instance Profile " + profile.name +
                                " cannot be found.");
  return XmlNode();
}

Result<XmlNode> TagInstanceProfile(RequestContext& ctx) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kInstanceProfile, tags));
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kInstanceProfile, profile.row, tags));
  return XmlNode();
}

Result<XmlNode> UntagInstanceProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  untag_from_param(ctx, TagTarget::kInstanceProfile, profile.row);
  return XmlNode();
}

Result<XmlNode> ListInstanceProfileTags(RequestContext& ctx) {
  ASSIGN_OR_RETURN(InstanceProfileRow profile, require_profile(ctx));
  return list_tags_page(ctx, TagTarget::kInstanceProfile, profile.row);
}

}  // namespace

void add_instance_profile_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule profile = required(name("InstanceProfileName", 128));
  table.insert(table.end(),
               {
                   {.name = "CreateInstanceProfile",
                    .service = iam,
                    .handler = CreateInstanceProfile,
                    .rules = {profile, path(), tags()},
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "GetInstanceProfile",
                    .service = iam,
                    .handler = GetInstanceProfile,
                    .rules = {profile},
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "ListInstanceProfiles",
                    .service = iam,
                    .handler = ListInstanceProfiles,
                    .rules = {path_prefix(), marker(), max_items()},
                    .resource = resource::listing("instance-profile")},
                   {.name = "ListInstanceProfilesForRole",
                    .service = iam,
                    .handler = ListInstanceProfilesForRole,
                    .rules = {role_name(), marker(), max_items()},
                    .resource = resource::entity("role", "RoleName")},
                   {.name = "DeleteInstanceProfile",
                    .service = iam,
                    .handler = DeleteInstanceProfile,
                    .rules = {profile},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "AddRoleToInstanceProfile",
                    .service = iam,
                    .handler = AddRoleToInstanceProfile,
                    .rules = {profile, role_name()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "RemoveRoleFromInstanceProfile",
                    .service = iam,
                    .handler = RemoveRoleFromInstanceProfile,
                    .rules = {profile, role_name()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "TagInstanceProfile",
                    .service = iam,
                    .handler = TagInstanceProfile,
                    .rules = {profile, required(tags())},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "UntagInstanceProfile",
                    .service = iam,
                    .handler = UntagInstanceProfile,
                    .rules = {profile, tag_keys()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
                   {.name = "ListInstanceProfileTags",
                    .service = iam,
                    .handler = ListInstanceProfileTags,
                    .rules = {profile, marker(), max_items()},
                    .resource = resource::entity("instance-profile", "InstanceProfileName")},
               });
}

}  // namespace localiam::api
