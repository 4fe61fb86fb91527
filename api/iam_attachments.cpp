// Managed policy attachments to groups: AttachGroupPolicy, DetachGroupPolicy,
// ListAttachedGroupPolicies.
#include "api/action_rows.hpp"
#include "api/handler_support.hpp"
#include "api/param_presets.hpp"
#include "api/policy_lookup.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

namespace {

namespace {
constexpr int64_t kPoliciesPerGroup = 10;
}

Result<XmlNode> AttachGroupPolicy(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  if (!find_managed_policy(ctx, arn))
    return errors::NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
  storage::PolicyRepository repo(ctx.db);
  const auto target = storage::AttachmentTarget::kGroup;
  if (!repo.is_attached(target, group.row, arn) &&
      repo.attached_count(target, group.row) >= kPoliciesPerGroup)
    return errors::LimitExceeded("Cannot exceed quota for PoliciesPerGroup: " +
                                 std::to_string(kPoliciesPerGroup));
  repo.attach(target, ctx.account(), group.row, arn);
  return XmlNode();
}

Result<XmlNode> DetachGroupPolicy(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  if (!storage::PolicyRepository(ctx.db).detach(storage::AttachmentTarget::kGroup, group.row, arn))
    return errors::NoSuchEntity("Policy " + arn + " was not found.");
  return XmlNode();
}

Result<XmlNode> ListAttachedGroupPolicies(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, ctx.param("GroupName")));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  const std::string prefix = path_param(ctx, "PathPrefix");
  const int limit = max_items(ctx);
  auto arns =
      storage::PolicyRepository(ctx.db).attached_arns(storage::AttachmentTarget::kGroup, group.row);
  XmlNode result;
  XmlNode& list = result.list("AttachedPolicies");
  int count = 0;
  bool truncated = false;
  std::string last;
  for (const std::string& arn : arns) {
    if (!after.empty() && arn <= after) continue;
    auto policy = find_managed_policy(ctx, arn);
    if (!policy || !policy->path.starts_with(prefix)) continue;
    if (count == limit) {
      truncated = true;
      break;
    }
    list.member().text("PolicyName", policy->name).text("PolicyArn", arn);
    last = arn;
    ++count;
  }
  add_paging(result, truncated, last);
  return result;
}

}  // namespace

void add_attachment_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(), {
                                {"AttachGroupPolicy",
                                 iam,
                                 AttachGroupPolicy,
                                 {group_name(), arn("PolicyArn")},
                                 false,
                                 true},
                                {"DetachGroupPolicy",
                                 iam,
                                 DetachGroupPolicy,
                                 {group_name(), arn("PolicyArn")},
                                 false,
                                 true},
                                {"ListAttachedGroupPolicies",
                                 iam,
                                 ListAttachedGroupPolicies,
                                 {group_name(), policy_path("PathPrefix"), marker(), max_items()}},
                            });
}

}  // namespace localiam::api
