// Managed policy attachments to groups, users and roles: Attach/Detach/ListAttached
// Group/User/RolePolicy (10 per entity), and ListEntitiesForPolicy.
#include <algorithm>

#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

namespace {

using storage::AttachmentTarget;

constexpr int64_t kPoliciesPerEntity = 10;

// What differs between groups, users and roles: the name parameter, the quota's name and how
// to find the entity's row.
struct Target {
  AttachmentTarget kind;
  const char* name_param;
  const char* quota;  // as in "Cannot exceed quota for PoliciesPerRole: 10"
};

constexpr Target kGroup{AttachmentTarget::kGroup, "GroupName", "PoliciesPerGroup"};
constexpr Target kUser{AttachmentTarget::kUser, "UserName", "PoliciesPerUser"};
constexpr Target kRole{AttachmentTarget::kRole, "RoleName", "PoliciesPerRole"};

// The entity's row; NoSuchEntity with AWS's words when it does not exist. `changing`: the caller
// changes the entity, which a service-linked role refuses (UnmodifiableEntity).
Result<int64_t> require_entity(RequestContext& ctx, const Target& target, bool changing = false) {
  const std::string& name = ctx.param(target.name_param);
  switch (target.kind) {
    case AttachmentTarget::kGroup: {
      ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, name));
      return group.row;
    }
    case AttachmentTarget::kUser: {
      ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, name));
      return user.row;
    }
    case AttachmentTarget::kRole: {
      ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, name));
      if (changing) RETURN_IF_ERROR(require_modifiable_role(ctx, role));
      return role.row;
    }
  }
  return errors::InternalFailure("unknown attachment target");
}

Result<XmlNode> attach(RequestContext& ctx, const Target& target) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(int64_t row, require_entity(ctx, target, true));
  if (!find_managed_policy(ctx, arn))
    return errors::NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
  storage::PolicyRepository repo(ctx.db);
  // Re-attaching an attached policy is a no-op, even at the quota.
  if (!repo.is_attached(target.kind, row, arn) &&
      repo.attached_count(target.kind, row) >= kPoliciesPerEntity)
    return errors::LimitExceeded(std::string("Cannot exceed quota for ") + target.quota + ": " +
                                 std::to_string(kPoliciesPerEntity));
  repo.attach(target.kind, ctx.account(), row, arn);
  return XmlNode();
}

Result<XmlNode> detach(RequestContext& ctx, const Target& target) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(int64_t row, require_entity(ctx, target, true));
  if (!storage::PolicyRepository(ctx.db).detach(target.kind, row, arn))
    return errors::NoSuchEntity("Policy " + arn + " was not found.");
  return XmlNode();
}

// AttachedPolicies by ARN, paged by the last ARN seen, filtered by the policies' path.
Result<XmlNode> list_attached(RequestContext& ctx, const Target& target) {
  ASSIGN_OR_RETURN(int64_t row, require_entity(ctx, target));
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  const std::string prefix = path_param(ctx, "PathPrefix");
  auto arns = storage::PolicyRepository(ctx.db).attached_arns(target.kind, row);
  XmlNode result;
  XmlNode& list = result.list("AttachedPolicies");
  for (const std::string& arn : arns) {
    if (pager.before_page(arn)) continue;
    auto policy = find_managed_policy(ctx, arn);
    if (!policy || !policy->path.starts_with(prefix)) continue;
    if (!pager.take(arn)) break;
    list.member().text("PolicyName", policy->name).text("PolicyArn", arn);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> AttachGroupPolicy(RequestContext& ctx) { return attach(ctx, kGroup); }
Result<XmlNode> DetachGroupPolicy(RequestContext& ctx) { return detach(ctx, kGroup); }
Result<XmlNode> ListAttachedGroupPolicies(RequestContext& ctx) {
  return list_attached(ctx, kGroup);
}
Result<XmlNode> AttachUserPolicy(RequestContext& ctx) { return attach(ctx, kUser); }
Result<XmlNode> DetachUserPolicy(RequestContext& ctx) { return detach(ctx, kUser); }
Result<XmlNode> ListAttachedUserPolicies(RequestContext& ctx) { return list_attached(ctx, kUser); }
Result<XmlNode> AttachRolePolicy(RequestContext& ctx) { return attach(ctx, kRole); }
Result<XmlNode> DetachRolePolicy(RequestContext& ctx) { return detach(ctx, kRole); }
Result<XmlNode> ListAttachedRolePolicies(RequestContext& ctx) { return list_attached(ctx, kRole); }

// Two pages of one name-ordered list merged: names in order, each once, at most `limit`; truncated
// when either was or the merge holds more than `limit`.
storage::Page<storage::EntityRef> merge_by_name(storage::Page<storage::EntityRef> a,
                                                storage::Page<storage::EntityRef> b, int limit) {
  std::vector<storage::EntityRef> all = std::move(a.items);
  all.insert(all.end(), b.items.begin(), b.items.end());
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  all.erase(std::unique(all.begin(), all.end(),
                        [](const auto& x, const auto& y) { return x.name == y.name; }),
            all.end());
  storage::Page<storage::EntityRef> page;
  page.truncated = a.truncated || b.truncated || static_cast<int>(all.size()) > limit;
  if (static_cast<int>(all.size()) > limit) all.resize(static_cast<size_t>(limit));
  page.items = std::move(all);
  return page;
}

// Groups, then users, then roles, each by name. The marker position is "g:", "u:" or "r:"
// followed by the last name seen in that list.
Result<XmlNode> ListEntitiesForPolicy(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(std::string position, marker_position(ctx));
  constexpr std::string_view kPrefixes = "gur";
  if (!position.empty() && (position.size() < 2 || position[1] != ':' ||
                            kPrefixes.find(position[0]) == std::string::npos))
    return errors::ValidationError("Invalid Marker.");
  if (!find_managed_policy(ctx, arn))
    return errors::NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");

  const std::string filter = ctx.param("EntityFilter");
  // PermissionsPolicy: attachments only; PermissionsBoundary: users and roles the policy bounds;
  // no filter: both (an entity listed once).
  const std::string usage = ctx.param("PolicyUsageFilter");
  const bool with_attached = usage != "PermissionsBoundary";
  const bool with_boundaries = usage != "PermissionsPolicy";
  const std::string prefix = path_param(ctx, "PathPrefix");
  // Each section finds its own start in `position`.
  Pager pager(std::string(), max_items(ctx));
  storage::PolicyRepository repo(ctx.db);
  storage::BoundaryRepository boundaries(ctx.db);

  XmlNode result;
  struct Section {
    char tag;
    AttachmentTarget kind;
    const char* filter;
    const char* list;
    const char* name;
    const char* id;
  };
  const Section sections[] = {
      {'g', AttachmentTarget::kGroup, "Group", "PolicyGroups", "GroupName", "GroupId"},
      {'u', AttachmentTarget::kUser, "User", "PolicyUsers", "UserName", "UserId"},
      {'r', AttachmentTarget::kRole, "Role", "PolicyRoles", "RoleName", "RoleId"},
  };
  const char start = position.empty() ? 'g' : position[0];
  const std::string after = position.empty() ? "" : position.substr(2);
  for (const Section& section : sections) {
    XmlNode& list = result.list(section.list);
    if (pager.truncated() || kPrefixes.find(section.tag) < kPrefixes.find(start)) continue;
    if (!filter.empty() && filter != section.filter) continue;
    const storage::ListQuery query{prefix, section.tag == start ? std::string_view(after) : "",
                                   pager.remaining()};
    storage::Page<storage::EntityRef> page;
    if (with_attached) page = repo.attached_entities(section.kind, ctx.account(), arn, query);
    if (with_boundaries && section.tag != 'g')
      page = merge_by_name(std::move(page),
                           boundaries.entities(section.tag == 'u' ? storage::BoundaryTarget::kUser
                                                                  : storage::BoundaryTarget::kRole,
                                               ctx.account(), arn, query),
                           pager.remaining());
    for (const auto& entity : page.items) {
      list.member().text(section.name, entity.name).text(section.id, entity.id);
      pager.took(std::string(1, section.tag) + ":" + entity.name);
    }
    // With no room left the page reads one row only to tell whether more follow.
    pager.set_truncated(page.truncated);
  }
  pager.finish(result);
  return result;
}

}  // namespace

void add_attachment_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const auto listing = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, policy_path("PathPrefix"), marker(), max_items()};
  };
  table.insert(
      table.end(),
      {
          {.name = "AttachGroupPolicy",
           .service = iam,
           .handler = AttachGroupPolicy,
           .rules = {group_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("group", "GroupName")},
          {.name = "DetachGroupPolicy",
           .service = iam,
           .handler = DetachGroupPolicy,
           .rules = {group_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("group", "GroupName")},
          {.name = "ListAttachedGroupPolicies",
           .service = iam,
           .handler = ListAttachedGroupPolicies,
           .rules = listing(group_name()),
           .resource = resource::entity("group", "GroupName")},
          {.name = "AttachUserPolicy",
           .service = iam,
           .handler = AttachUserPolicy,
           .rules = {new_user_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "DetachUserPolicy",
           .service = iam,
           .handler = DetachUserPolicy,
           .rules = {new_user_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "ListAttachedUserPolicies",
           .service = iam,
           .handler = ListAttachedUserPolicies,
           .rules = listing(new_user_name()),
           .resource = resource::entity("user", "UserName")},
          {.name = "AttachRolePolicy",
           .service = iam,
           .handler = AttachRolePolicy,
           .rules = {role_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "DetachRolePolicy",
           .service = iam,
           .handler = DetachRolePolicy,
           .rules = {role_name(), arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("role", "RoleName")},
          {.name = "ListAttachedRolePolicies",
           .service = iam,
           .handler = ListAttachedRolePolicies,
           .rules = listing(role_name()),
           .resource = resource::entity("role", "RoleName")},
          {.name = "ListEntitiesForPolicy",
           .service = iam,
           .handler = ListEntitiesForPolicy,
           .rules = {arn("PolicyArn"),
                     ParamRule{.name = "EntityFilter",
                               .enum_values = {"User", "Role", "Group", "LocalManagedPolicy",
                                               "AWSManagedPolicy"}},
                     path("PathPrefix"),
                     ParamRule{.name = "PolicyUsageFilter",
                               .enum_values = {"PermissionsPolicy", "PermissionsBoundary"}},
                     marker(), max_items()},
           .resource = resource::arn("PolicyArn")},
      });
}

}  // namespace localiam::api
