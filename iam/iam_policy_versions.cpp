// Versions of customer managed policies: CreatePolicyVersion (five at most; version ids are
// never reused), ListPolicyVersions (newest first), DeletePolicyVersion and
// SetDefaultPolicyVersion. GetPolicyVersion lives with the policies (iam_policies.cpp).
// Policies of other accounts, AWS managed ones included, can be read but not changed.
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "policy/policy_document.hpp"
#include "query/param_presets.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

namespace {

constexpr size_t kVersionsPerPolicy = 5;
constexpr size_t kPolicySizeQuota = 6144;

bool outside_account(RequestContext& ctx, std::string_view arn) {
  return arn_account(arn) != ctx.account();
}

std::string version_missing(std::string_view arn, std::string_view version_id) {
  return "Policy " + std::string(arn) + " version " + std::string(version_id) +
         " does not exist or is not attachable.";
}

// The account's own policy with this ARN, or NoSuchEntity with `missing`.
Result<storage::PolicyRow> require_policy(RequestContext& ctx, std::string_view arn,
                                          const std::string& missing) {
  auto row = storage::PolicyRepository(ctx.db).find_by_arn(arn);
  if (!row || row->account_id != ctx.account()) return errors::NoSuchEntity(missing);
  return std::move(*row);
}

uint64_t version_number(std::string_view version_id) {
  uint64_t n = 0;
  for (char c : version_id.substr(1)) {
    if (c < '0' || c > '9') break;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

Result<XmlNode> CreatePolicyVersion(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  const std::string& document = ctx.param("PolicyDocument");
  RETURN_IF_ERROR(check_arn(arn));
  if (outside_account(ctx, arn))
    return errors::AccessDenied("Cannot create versions for policies outside your own account.");
  RETURN_IF_ERROR(policy::validate_policy_document(document, policy::PolicyKind::kIdentity));
  if (policy::policy_size_without_whitespace(document) > kPolicySizeQuota)
    return errors::LimitExceeded("Cannot exceed quota for PolicySize: " +
                                 std::to_string(kPolicySizeQuota));
  ASSIGN_OR_RETURN(storage::PolicyRow policy,
                   require_policy(ctx, arn, "Policy " + arn + " was not found."));
  storage::PolicyRepository repo(ctx.db);
  if (repo.versions(policy.row).size() >= kVersionsPerPolicy)
    return errors::LimitExceeded(
        "A managed policy can have up to 5 versions. Before you create a new version, you must "
        "delete an existing version.");
  std::string version_id = "v";
  version_id += std::to_string(policy.next_version);
  storage::PolicyVersionRow version{std::move(version_id), document, ctx.now};
  repo.add_version(policy.row, version);
  ++policy.next_version;
  const bool make_default = ctx.param("SetAsDefault") == "true";
  if (make_default) policy.default_version = version.version_id;
  policy.update_date = ctx.now;
  repo.update_versioning(policy);

  XmlNode result;
  result.child("PolicyVersion")
      .text("VersionId", version.version_id)
      .boolean("IsDefaultVersion", make_default)
      .timestamp("CreateDate", version.create_date);
  return result;
}

// Newest first; the marker position is the last version id shown. AWS managed policies show
// the one version localiam knows, their default.
Result<XmlNode> ListPolicyVersions(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  RETURN_IF_ERROR(check_arn(arn));
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  const std::string& after = pager.after();
  if (!after.empty() && !matches_pattern(after, Pattern::kVersionId))
    return errors::ValidationError("Invalid Marker.");
  auto policy = find_managed_policy(ctx, arn);
  if (!policy) return errors::NoSuchEntity("Policy " + arn + " was not found.");
  std::vector<storage::PolicyVersionRow> versions;
  if (policy->aws_managed)
    versions.push_back({policy->default_version, "", policy->update_date});
  else
    versions = storage::PolicyRepository(ctx.db).versions(policy->row);

  XmlNode result;
  XmlNode& list = result.list("Versions");
  for (const auto& v : versions) {
    // Newest first: the versions numbered from the Marker's up were on earlier pages.
    if (!after.empty() && version_number(v.version_id) >= version_number(after)) continue;
    if (!pager.take(v.version_id)) break;
    list.member()
        .text("VersionId", v.version_id)
        .boolean("IsDefaultVersion", v.version_id == policy->default_version)
        .timestamp("CreateDate", v.create_date);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> DeletePolicyVersion(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  const std::string& version_id = ctx.param("VersionId");
  RETURN_IF_ERROR(check_arn(arn));
  if (outside_account(ctx, arn))
    return errors::AccessDenied(
        "Cannot delete policy versions for policies outside your own account.");
  const std::string missing = version_missing(arn, version_id);
  ASSIGN_OR_RETURN(storage::PolicyRow policy, require_policy(ctx, arn, missing));
  storage::PolicyRepository repo(ctx.db);
  if (!repo.version(policy.row, version_id)) return errors::NoSuchEntity(missing);
  if (version_id == policy.default_version)
    return errors::DeleteConflict("Cannot delete the default version of a policy.");
  repo.remove_version(policy.row, version_id);
  return XmlNode();
}

Result<XmlNode> SetDefaultPolicyVersion(RequestContext& ctx) {
  const std::string& arn = ctx.param("PolicyArn");
  const std::string& version_id = ctx.param("VersionId");
  RETURN_IF_ERROR(check_arn(arn));
  if (outside_account(ctx, arn))
    return errors::AccessDenied("Cannot update policies outside your own account.");
  const std::string missing = version_missing(arn, version_id);
  ASSIGN_OR_RETURN(storage::PolicyRow policy, require_policy(ctx, arn, missing));
  storage::PolicyRepository repo(ctx.db);
  if (!repo.version(policy.row, version_id)) return errors::NoSuchEntity(missing);
  policy.default_version = version_id;
  repo.update_versioning(policy);
  return XmlNode();
}

}  // namespace

void add_policy_version_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "CreatePolicyVersion",
           .service = iam,
           .handler = CreatePolicyVersion,
           .rules = {arn("PolicyArn"), policy_document("PolicyDocument"), boolean("SetAsDefault")},
           .writes = true,
           .resource = resource::arn("PolicyArn")},
          {.name = "ListPolicyVersions",
           .service = iam,
           .handler = ListPolicyVersions,
           .rules = {arn("PolicyArn"), marker(), max_items()},
           .resource = resource::arn("PolicyArn")},
          {.name = "DeletePolicyVersion",
           .service = iam,
           .handler = DeletePolicyVersion,
           .rules = {arn("PolicyArn"), version_id()},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("PolicyArn")},
          {.name = "SetDefaultPolicyVersion",
           .service = iam,
           .handler = SetDefaultPolicyVersion,
           .rules = {arn("PolicyArn"), version_id()},
           .has_result = false,
           .writes = true,
           .resource = resource::arn("PolicyArn")},
      });
}

}  // namespace localiam::api
