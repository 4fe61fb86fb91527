#include "iam/policy_lookup.hpp"

#include "data/managed_policy_catalog.hpp"
#include "iam/tag_support.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

ManagedPolicyInfo policy_info(const data::ManagedPolicy& p, arn::Partition partition) {
  ManagedPolicyInfo info;
  info.aws_managed = true;
  info.name = p.name;
  info.policy_id = p.policy_id;
  info.arn = arn::with_partition(p.arn, partition);
  info.path = p.path;
  info.default_version = p.default_version_id;
  info.create_date = p.create_date;
  info.update_date = p.update_date;
  info.permissions_boundary_usage_count = p.permissions_boundary_usage_count;
  return info;
}

ManagedPolicyInfo policy_info(const storage::PolicyRow& p) {
  ManagedPolicyInfo info;
  info.row = p.row;
  info.name = p.name;
  info.policy_id = p.policy_id;
  info.arn = p.arn;
  info.path = p.path;
  info.default_version = p.default_version;
  info.description = p.description;
  info.create_date = p.create_date;
  info.update_date = p.update_date;
  return info;
}

bool looks_like_arn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return false;
  int colons = 0;
  for (char c : arn) colons += c == ':';
  return colons >= 5;
}

Status check_arn(std::string_view arn) {
  if (!looks_like_arn(arn))
    return errors::ValidationError("ARN " + std::string(arn) + " is not valid.");
  return ok_status();
}

std::optional<ManagedPolicyInfo> find_managed_policy(RequestContext& ctx, std::string_view arn) {
  if (arn::is_aws_managed_policy(arn)) {
    if (arn::partition_of(arn) != ctx.partition) return std::nullopt;
    const auto* p = data::ManagedPolicyCatalog::instance().find_by_arn(arn);
    if (!p) return std::nullopt;
    ManagedPolicyInfo info = policy_info(*p, ctx.partition);
    info.permissions_boundary_usage_count =
        storage::BoundaryRepository(ctx.db).usage_count(ctx.account(), arn);
    return info;
  }
  auto row = storage::PolicyRepository(ctx.db).find_by_arn(arn);
  if (!row || row->account_id != ctx.account()) return std::nullopt;
  ManagedPolicyInfo info = policy_info(*row);
  info.permissions_boundary_usage_count =
      storage::BoundaryRepository(ctx.db).usage_count(ctx.account(), arn);
  return info;
}

std::string_view arn_account(std::string_view arn) {
  // arn:partition:service:region:account:resource
  size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  size_t end = arn.find(':', start);
  if (end == std::string_view::npos) return {};
  return arn.substr(start, end - start);
}

void write_policy(XmlNode& node, const ManagedPolicyInfo& policy, int64_t attachment_count,
                  PolicyView view, const std::vector<storage::TagRow>* tags) {
  node.text("PolicyName", policy.name)
      .text("PolicyId", policy.policy_id)
      .text("Arn", policy.arn)
      .text("Path", policy.path)
      .text("DefaultVersionId", policy.default_version)
      .integer("AttachmentCount", attachment_count)
      .integer("PermissionsBoundaryUsageCount", policy.permissions_boundary_usage_count)
      .boolean("IsAttachable", true);
  // Only GetPolicy shows the description: CreatePolicy leaves it out even when given
  // (recorded from AWS), and so do the lists.
  if (policy.description && view == PolicyView::kGet) node.text("Description", *policy.description);
  node.timestamp("CreateDate", policy.create_date).timestamp("UpdateDate", policy.update_date);
  if (view == PolicyView::kGet || (view == PolicyView::kCreate && tags && !tags->empty()))
    write_tags(node, tags ? *tags : std::vector<storage::TagRow>{});
}

}  // namespace localiam::api
