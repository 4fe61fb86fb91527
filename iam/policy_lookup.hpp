// Managed policies as IAM presents them, whichever store they live in: the built-in AWS
// managed catalogue (arn:PARTITION:iam::aws:policy/…) or the account's customer managed policies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/action.hpp"
#include "common/arn.hpp"
#include "data/managed_policy_catalog.hpp"
#include "storage/rows.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

struct ManagedPolicyInfo {
  bool aws_managed = false;
  int64_t row = 0;  // customer managed only
  std::string name, policy_id, arn, path, default_version;
  std::optional<std::string> description;
  int64_t create_date = 0, update_date = 0;
  int64_t permissions_boundary_usage_count = 0;
};

// Conversions from either store.
// An AWS managed policy's ARN names `partition`.
ManagedPolicyInfo policy_info(const data::ManagedPolicy& policy, arn::Partition partition);
ManagedPolicyInfo policy_info(const storage::PolicyRow& policy);

// Whether `arn` has the shape of an ARN (arn:partition:service:region:account:resource).
bool looks_like_arn(std::string_view arn);
// ValidationError "ARN x is not valid." unless looks_like_arn.
Status check_arn(std::string_view arn);

// The policy with this ARN visible to the caller's account, or nullopt (also for an AWS managed
// policy named in another partition than the request's).
std::optional<ManagedPolicyInfo> find_managed_policy(RequestContext& ctx, std::string_view arn);

enum class PolicyView { kCreate, kGet, kList };
// Writes a Policy element (member order of botocore's model). Tags: always on kGet (an empty
// list when `tags` is null or empty), on kCreate only when given and not empty, never on kList.
// Description: only on kGet.
void write_policy(XmlNode& node, const ManagedPolicyInfo& policy, int64_t attachment_count,
                  PolicyView view, const std::vector<storage::TagRow>* tags = nullptr);

// The account field of an ARN ("aws" for AWS managed policies), or "" when there is none.
std::string_view arn_account(std::string_view arn);

}  // namespace localiam::api
