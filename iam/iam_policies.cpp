// Managed policies: CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicies, DeletePolicy.
// ListPolicies merges the built-in AWS managed catalogue (first) with the account's own.
#include <algorithm>
#include <set>

#include "common/random_ids.hpp"
#include "common/url_encoding.hpp"
#include "data/managed_policy_catalog.hpp"
#include "iam/account_quotas.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "iam/tag_support.hpp"
#include "policy/policy_document.hpp"
#include "query/param_presets.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

namespace {

constexpr size_t kPolicySizeQuota = 6144;

std::string not_found(std::string_view arn) {
  return "Policy " + std::string(arn) + " was not found.";
}

}  // namespace

Result<XmlNode> CreatePolicy(RequestContext& ctx) {
  const std::string& name = ctx.param("PolicyName");
  const std::string& document = ctx.param("PolicyDocument");
  RETURN_IF_ERROR(policy::validate_policy_document(document, policy::PolicyKind::kIdentity));
  if (policy::policy_size_without_whitespace(document) > kPolicySizeQuota)
    return errors::LimitExceeded("Cannot exceed quota for PolicySize: " +
                                 std::to_string(kPolicySizeQuota));
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(storage::TagTarget::kPolicy, tags));
  storage::PolicyRepository policies(ctx.db);
  if (policies.find_by_name(ctx.account(), name))
    return errors::EntityAlreadyExists("A policy called " + name +
                                       " already exists. Duplicate names are not allowed.");
  RETURN_IF_ERROR(check_account_quota(ctx, AccountQuota::kPolicies));
  storage::PolicyRow row;
  row.account_id = ctx.account();
  row.name = name;
  row.policy_id = make_unique_id("ANPA");
  row.path = path_param(ctx);
  row.arn = arn::entity(ctx.partition, ctx.account(), "policy", row.path, name);
  if (const std::string* d = ctx.optional_param("Description")) row.description = *d;
  row.default_version = "v1";
  row.next_version = 2;
  row.create_date = row.update_date = ctx.now;
  policies.insert(row, document);
  RETURN_IF_ERROR(add_tags(ctx, storage::TagTarget::kPolicy, row.row, tags));

  XmlNode result;
  write_policy(result.child("Policy"), policy_info(row), 0, PolicyView::kCreate, &tags);
  return result;
}

Result<XmlNode> GetPolicy(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  auto policy = find_managed_policy(ctx, arn);
  if (!policy) return errors::NoSuchEntity(not_found(arn));
  int64_t attachments = storage::PolicyRepository(ctx.db).attachment_count(ctx.account(), arn);
  std::vector<storage::TagRow> tags;
  if (!policy->aws_managed)
    tags = storage::TagRepository(ctx.db).list(storage::TagTarget::kPolicy, policy->row);
  XmlNode result;
  write_policy(result.child("Policy"), *policy, attachments, PolicyView::kGet, &tags);
  return result;
}

Result<XmlNode> GetPolicyVersion(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  const std::string& version_id = ctx.param("VersionId");
  RETURN_IF_ERROR(check_arn(arn));
  auto missing = [&] {
    return errors::NoSuchEntity("Policy " + arn + " version " + version_id +
                                " does not exist or is not attachable.");
  };
  auto policy = find_managed_policy(ctx, arn);
  if (!policy) return missing();
  std::string document;
  int64_t created = 0;
  if (policy->aws_managed) {
    if (version_id != policy->default_version) return missing();
    document = data::ManagedPolicyCatalog::instance().find_by_arn(arn)->document;
    created = policy->update_date;
  } else {
    auto version = storage::PolicyRepository(ctx.db).version(policy->row, version_id);
    if (!version) return missing();
    document = std::move(version->document);
    created = version->create_date;
  }
  XmlNode result;
  result.child("PolicyVersion")
      .text("Document", uri_encode(document))
      .text("VersionId", version_id)
      .boolean("IsDefaultVersion", version_id == policy->default_version)
      .timestamp("CreateDate", created);
  return result;
}

Result<XmlNode> ListPolicies(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string position, marker_position(ctx));
  // Positions are "a:<name>" inside the AWS catalogue and "l:<name>" inside local policies.
  if (!position.empty() && !position.starts_with("a:") && !position.starts_with("l:"))
    return errors::ValidationError("Invalid Marker.");
  const std::string scope = ctx.optional_param("Scope") ? ctx.param("Scope") : "All";
  const bool only_attached = ctx.param("OnlyAttached") == "true";
  const std::string prefix = path_param(ctx, "PathPrefix");
  // Each section finds its own start in `position`.
  Pager pager(std::string(), max_items(ctx));
  storage::PolicyRepository repo(ctx.db);
  storage::BoundaryRepository boundaries(ctx.db);

  XmlNode result;
  XmlNode& list = result.list("Policies");
  if ((scope == "All" || scope == "AWS") && !position.starts_with("l:")) {
    std::set<std::string, std::less<>> attached;
    if (only_attached) {
      for (auto& arn : repo.attached_arns_in_account(ctx.account()))
        if (arn::is_aws_managed_policy(arn)) attached.insert(arn);
    }
    const auto& all = data::ManagedPolicyCatalog::instance().all();
    std::string_view after = position.starts_with("a:") ? std::string_view(position).substr(2) : "";
    auto it = std::upper_bound(
        all.begin(), all.end(), after,
        [](std::string_view a, const data::ManagedPolicy& p) { return a < p.name; });
    if (after.empty()) it = all.begin();
    for (; it != all.end(); ++it) {
      if (!it->path.starts_with(prefix)) continue;
      const std::string arn = arn::with_partition(it->arn, ctx.partition);
      if (only_attached && !attached.count(arn)) continue;
      if (!pager.take("a:" + it->name)) break;
      ManagedPolicyInfo info = policy_info(*it, ctx.partition);
      info.permissions_boundary_usage_count = boundaries.usage_count(ctx.account(), arn);
      int64_t attachments =
          attached.count(arn) || !only_attached ? repo.attachment_count(ctx.account(), arn) : 0;
      write_policy(list.member(), info, attachments, PolicyView::kList);
    }
    position.clear();
  }

  if (!pager.truncated() && (scope == "All" || scope == "Local")) {
    std::string after = position.starts_with("l:") ? position.substr(2) : "";
    auto page = repo.list(ctx.account(), {prefix, after, pager.remaining()}, only_attached);
    for (const auto& row : page.items) {
      ManagedPolicyInfo info = policy_info(row);
      info.permissions_boundary_usage_count = boundaries.usage_count(ctx.account(), row.arn);
      write_policy(list.member(), info, repo.attachment_count(ctx.account(), row.arn),
                   PolicyView::kList);
      pager.took("l:" + row.name);
    }
    // With no room left (remaining() == 0) the page reads one row only to tell truncation.
    pager.set_truncated(page.truncated);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> DeletePolicy(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  if (arn::is_aws_managed_policy(arn))
    return errors::AccessDenied("Cannot delete policies outside your own account.");
  auto policy = find_managed_policy(ctx, arn);
  if (!policy) return errors::NoSuchEntity(not_found(arn));
  storage::PolicyRepository repo(ctx.db);
  if (repo.attachment_count(ctx.account(), arn) > 0 || policy->permissions_boundary_usage_count > 0)
    return errors::DeleteConflict("Cannot delete a policy attached to entities.");
  // Only the default version goes with the policy; AWS wants the others deleted first.
  if (repo.versions(policy->row).size() > 1)
    return errors::DeleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the "
        "policy's versions. The default version is deleted with the policy.");
  storage::TagRepository(ctx.db).remove_all(storage::TagTarget::kPolicy, policy->row);
  repo.remove(policy->row);
  return XmlNode();
}

}  // namespace

void add_policy_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "CreatePolicy",
           .service = iam,
           .handler = CreatePolicy,
           .rules = {policy_name(), policy_path("Path"), policy_document("PolicyDocument"),
                     ParamRule{.name = "Description", .max_length = 1000}, tags()},
           .writes = true,
           .resource = resource::entity("policy", "PolicyName")},
          {.name = "GetPolicy",
           .service = iam,
           .handler = GetPolicy,
           .rules = {arn("PolicyArn")},
           .resource = resource::arn("PolicyArn")},
          {.name = "GetPolicyVersion",
           .service = iam,
           .handler = GetPolicyVersion,
           .rules = {arn("PolicyArn"), version_id()},
           .resource = resource::arn("PolicyArn")},
          {.name = "ListPolicies",
           .service = iam,
           .handler = ListPolicies,
           .rules = {ParamRule{.name = "Scope", .enum_values = {"All", "AWS", "Local"}},
                     boolean("OnlyAttached"), policy_path("PathPrefix"),
                     ParamRule{.name = "PolicyUsageFilter",
                               .enum_values = {"PermissionsPolicy", "PermissionsBoundary"}},
                     marker(), max_items()}},
          {.name = "DeletePolicy",
           .service = iam,
           .handler = DeletePolicy,
           .rules = {arn("PolicyArn")},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("PolicyArn")},
      });
}

}  // namespace localiam::api
