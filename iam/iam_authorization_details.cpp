// GetAccountAuthorizationDetails: users, groups, roles and managed policies of the account
// with their relationships, filtered by entity type and paged across all four lists (MaxItems
// counts entities of every kind). Documents are URL-encoded as IAM returns them; managed
// policies come with every stored version. AWS managed policies appear only while attached to
// something in the account.
#include <algorithm>
#include <array>
#include <string>

#include "common/url_encoding.hpp"
#include "data/managed_policy_catalog.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/instance_profile_shape.hpp"
#include "iam/policy_lookup.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

// The entity kinds in the order the lists are paged; each has a Filter name and a one-letter
// key that prefixes positions in the Marker ("u:alice").
enum Section { kUser, kGroup, kRole, kLocalPolicy, kAwsPolicy, kSectionCount };
constexpr std::array<const char*, kSectionCount> kFilterNames = {
    "User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"};
constexpr std::array<char, kSectionCount> kSectionKeys = {'u', 'g', 'r', 'l', 'a'};

// What one section contributed to the page.
struct SectionPage {
  int count = 0;
  bool truncated = false;  // more entities of this section follow
  std::string last;        // the position of the last entity written
};

std::string policy_name_of(std::string_view arn) {
  size_t slash = arn.rfind('/');
  return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
}

// Inline policies as a list. AWS leaves UserPolicyList out when a user has none, but always
// writes RolePolicyList and GroupPolicyList (recorded from AWS): `omit_when_empty` says which.
void write_inline(XmlNode& parent, const char* list_name, storage::InlineTarget target, int64_t row,
                  RequestContext& ctx, bool omit_when_empty = false) {
  const auto policies = storage::InlinePolicyRepository(ctx.db).all(target, row);
  if (policies.empty() && omit_when_empty) return;
  XmlNode& list = parent.list(list_name);
  for (const auto& p : policies)
    list.member().text("PolicyName", p.name).text("PolicyDocument", uri_encode(p.document));
}

void write_attached(XmlNode& parent, storage::AttachmentTarget target, int64_t row,
                    RequestContext& ctx) {
  XmlNode& list = parent.list("AttachedManagedPolicies");
  for (const auto& arn : storage::PolicyRepository(ctx.db).attached_arns(target, row))
    list.member().text("PolicyName", policy_name_of(arn)).text("PolicyArn", arn);
}

void write_boundary(XmlNode& parent, storage::BoundaryTarget target, int64_t row,
                    RequestContext& ctx) {
  if (auto arn = storage::BoundaryRepository(ctx.db).find(target, row))
    parent.child("PermissionsBoundary")
        .text("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
        .text("PermissionsBoundaryArn", *arn);
}

SectionPage users(RequestContext& ctx, std::string_view after, int limit, XmlNode& list) {
  auto page = storage::UserRepository(ctx.db).list(ctx.account(), {"/", after, limit});
  storage::GroupRepository groups(ctx.db);
  storage::TagRepository tags(ctx.db);
  for (const auto& u : page.items) {
    XmlNode& n = list.member();
    n.text("Path", u.path)
        .text("UserName", u.name)
        .text("UserId", u.user_id)
        .text("Arn", arn::entity(ctx.partition, u.account_id, "user", u.path, u.name))
        .timestamp("CreateDate", u.create_date);
    write_inline(n, "UserPolicyList", storage::InlineTarget::kUser, u.row, ctx, true);
    XmlNode& group_list = n.list("GroupList");
    std::string group_after;
    for (;;) {
      auto member_of = groups.groups_for_user(u.row, group_after, 1000);
      for (const auto& g : member_of.items) group_list.member_text(g.name);
      if (!member_of.truncated) break;
      group_after = member_of.items.back().name;
    }
    write_attached(n, storage::AttachmentTarget::kUser, u.row, ctx);
    write_boundary(n, storage::BoundaryTarget::kUser, u.row, ctx);
    write_tags(n, tags.list(storage::TagTarget::kUser, u.row));
  }
  return {static_cast<int>(page.items.size()), page.truncated,
          page.items.empty() ? "" : page.items.back().name};
}

SectionPage groups(RequestContext& ctx, std::string_view after, int limit, XmlNode& list) {
  auto page = storage::GroupRepository(ctx.db).list(ctx.account(), {"/", after, limit});
  for (const auto& g : page.items) {
    XmlNode& n = list.member();
    n.text("Path", g.path)
        .text("GroupName", g.name)
        .text("GroupId", g.group_id)
        .text("Arn", arn::entity(ctx.partition, g.account_id, "group", g.path, g.name))
        .timestamp("CreateDate", g.create_date);
    write_inline(n, "GroupPolicyList", storage::InlineTarget::kGroup, g.row, ctx);
    write_attached(n, storage::AttachmentTarget::kGroup, g.row, ctx);
  }
  return {static_cast<int>(page.items.size()), page.truncated,
          page.items.empty() ? "" : page.items.back().name};
}

SectionPage roles(RequestContext& ctx, std::string_view after, int limit, XmlNode& list) {
  auto page = storage::RoleRepository(ctx.db).list(ctx.account(), {"/", after, limit});
  storage::TagRepository tags(ctx.db);
  storage::InstanceProfileRepository profile_repo(ctx.db);
  for (const auto& r : page.items) {
    XmlNode& n = list.member();
    n.text("Path", r.path)
        .text("RoleName", r.name)
        .text("RoleId", r.role_id)
        .text("Arn", arn::entity(ctx.partition, r.account_id, "role", r.path, r.name))
        .timestamp("CreateDate", r.create_date)
        .text("AssumeRolePolicyDocument", uri_encode(r.trust_policy));
    XmlNode& profiles = n.list("InstanceProfileList");
    std::string profile_after;
    for (;;) {
      auto held_by = profile_repo.list_for_role(r.row, profile_after, 1000);
      for (const auto& p : held_by.items)
        write_instance_profile(ctx, profiles.member(), p, nullptr);
      if (!held_by.truncated) break;
      profile_after = held_by.items.back().name;
    }
    write_inline(n, "RolePolicyList", storage::InlineTarget::kRole, r.row, ctx);
    write_attached(n, storage::AttachmentTarget::kRole, r.row, ctx);
    write_boundary(n, storage::BoundaryTarget::kRole, r.row, ctx);
    write_tags(n, tags.list(storage::TagTarget::kRole, r.row));
    XmlNode& used = n.child("RoleLastUsed");
    if (r.last_used_date) {
      used.timestamp("LastUsedDate", *r.last_used_date);
      used.text("Region", r.last_used_region.value_or("us-east-1"));
    }
  }
  return {static_cast<int>(page.items.size()), page.truncated,
          page.items.empty() ? "" : page.items.back().name};
}

void write_policy_detail(XmlNode& n, const ManagedPolicyInfo& p, int64_t attachments) {
  n.text("PolicyName", p.name)
      .text("PolicyId", p.policy_id)
      .text("Arn", p.arn)
      .text("Path", p.path)
      .text("DefaultVersionId", p.default_version)
      .integer("AttachmentCount", attachments)
      .integer("PermissionsBoundaryUsageCount", p.permissions_boundary_usage_count)
      .boolean("IsAttachable", true);
  if (p.description) n.text("Description", *p.description);
  n.timestamp("CreateDate", p.create_date).timestamp("UpdateDate", p.update_date);
}

void write_version(XmlNode& list, std::string_view document, std::string_view version_id,
                   bool is_default, int64_t created) {
  list.member()
      .text("Document", uri_encode(document))
      .text("VersionId", std::string(version_id))
      .boolean("IsDefaultVersion", is_default)
      .timestamp("CreateDate", created);
}

SectionPage local_policies(RequestContext& ctx, std::string_view after, int limit, XmlNode& list) {
  storage::PolicyRepository repo(ctx.db);
  auto page = repo.list(ctx.account(), {"/", after, limit}, false);
  for (const auto& row : page.items) {
    XmlNode& n = list.member();
    ManagedPolicyInfo info = policy_info(row);
    info.permissions_boundary_usage_count =
        storage::BoundaryRepository(ctx.db).usage_count(ctx.account(), row.arn);
    write_policy_detail(n, info, repo.attachment_count(ctx.account(), row.arn));
    XmlNode& versions = n.list("PolicyVersionList");
    for (const auto& v : repo.versions(row.row))
      write_version(versions, v.document, v.version_id, v.version_id == row.default_version,
                    v.create_date);
  }
  return {static_cast<int>(page.items.size()), page.truncated,
          page.items.empty() ? "" : page.items.back().name};
}

// AWS managed policies attached to something in the account, by ARN.
SectionPage aws_policies(RequestContext& ctx, std::string_view after, int limit, XmlNode& list) {
  storage::PolicyRepository repo(ctx.db);
  std::vector<std::string> arns;
  for (auto& arn : repo.attached_arns_in_account(ctx.account()))
    if (arn::is_aws_managed_policy(arn) && arn > after) arns.push_back(arn);
  std::sort(arns.begin(), arns.end());
  Pager pager(std::string(after), limit);
  const auto& catalog = data::ManagedPolicyCatalog::instance();
  for (const auto& arn : arns) {
    const data::ManagedPolicy* p = catalog.find_by_arn(arn);
    if (!p) continue;
    if (!pager.take(arn)) break;
    XmlNode& n = list.member();
    write_policy_detail(n, policy_info(*p, ctx.partition),
                        repo.attachment_count(ctx.account(), arn));
    write_version(n.list("PolicyVersionList"), p->document, p->default_version_id, true,
                  p->update_date);
  }
  return {pager.count(), pager.truncated(), pager.last()};
}

// The Filter parameter: which sections to include (all when absent or empty).
Result<std::array<bool, kSectionCount>> wanted_sections(RequestContext& ctx) {
  std::array<bool, kSectionCount> wanted{};
  const auto filter = ctx.params.list("Filter");
  if (filter.empty()) {
    wanted.fill(true);
    return wanted;
  }
  for (const std::string& f : filter) {
    auto it = std::find_if(kFilterNames.begin(), kFilterNames.end(),
                           [&](const char* name) { return f == name; });
    if (it == kFilterNames.end())
      return errors::ValidationError(
          "1 validation error detected: Value at 'filter' failed to satisfy constraint: Member "
          "must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, "
          "LocalManagedPolicy, AWSManagedPolicy], Member must not be null]");
    wanted[static_cast<size_t>(it - kFilterNames.begin())] = true;
  }
  return wanted;
}

Result<XmlNode> GetAccountAuthorizationDetails(RequestContext& ctx) {
  ASSIGN_OR_RETURN(auto wanted, wanted_sections(ctx));
  ASSIGN_OR_RETURN(std::string position, marker_position(ctx));
  int start = 0;
  std::string after;
  if (!position.empty()) {
    start = kSectionCount;
    for (int s = 0; s < kSectionCount; ++s)
      if (position.starts_with(std::string(1, kSectionKeys[static_cast<size_t>(s)]) + ":"))
        start = s;
    if (start == kSectionCount || position.size() < 3)
      return errors::ValidationError("Invalid Marker.");
    after = position.substr(2);
  }

  // The lists are created in document order as the sections reach them (creating one moves
  // its earlier siblings, so only the newest is written into).
  constexpr std::array<const char*, 4> kListNames = {"UserDetailList", "GroupDetailList",
                                                     "RoleDetailList", "Policies"};
  constexpr std::array<int, kSectionCount> kListOf = {0, 1, 2, 3, 3};
  XmlNode result;
  int lists_made = 0;
  XmlNode* list = nullptr;
  auto list_for = [&](int section) -> XmlNode& {
    while (lists_made <= kListOf[static_cast<size_t>(section)])
      list = &result.list(kListNames[static_cast<size_t>(lists_made++)]);
    return *list;
  };
  using SectionFn = SectionPage (*)(RequestContext&, std::string_view, int, XmlNode&);
  constexpr std::array<SectionFn, kSectionCount> fetch = {users, groups, roles, local_policies,
                                                          aws_policies};

  int remaining = max_items(ctx);
  bool truncated = false;
  std::string last;
  for (int s = start; s < kSectionCount && !truncated; ++s) {
    if (!wanted[static_cast<size_t>(s)]) continue;
    std::string_view from = s == start ? std::string_view(after) : std::string_view("");
    // With no room left, a zero-item read only tells whether anything follows.
    SectionPage page = fetch[static_cast<size_t>(s)](ctx, from, remaining, list_for(s));
    remaining -= page.count;
    if (page.count > 0)
      last = std::string(1, kSectionKeys[static_cast<size_t>(s)]) + ":" + page.last;
    truncated = page.truncated;
  }
  list_for(kAwsPolicy);
  add_paging(result, truncated, last);
  return result;
}

}  // namespace

void add_authorization_details_actions(std::vector<Action>& table) {
  using namespace presets;
  table.push_back(
      {.name = "GetAccountAuthorizationDetails",
       .service = Service::kIam,
       .handler = GetAccountAuthorizationDetails,
       .rules = {ParamRule{.name = "Filter", .kind = ParamKind::kList}, marker(), max_items()}});
}

}  // namespace localiam::api
