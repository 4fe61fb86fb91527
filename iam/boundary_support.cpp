#include "iam/boundary_support.hpp"

#include <string_view>

#include "iam/policy_lookup.hpp"

namespace localiam::api {

namespace {

// Whether an ARN's resource (after the fifth colon) names a managed policy.
bool names_a_policy(std::string_view arn) {
  size_t pos = 0;
  for (int colon = 0; colon < 5; ++colon) pos = arn.find(':', pos) + 1;
  return arn.substr(pos).starts_with("policy/");
}

}  // namespace

Status check_boundary_policy(RequestContext& ctx, const std::string& policy_arn) {
  RETURN_IF_ERROR(check_arn(policy_arn));
  // An ARN of something other than a policy is InvalidInput here (recorded from AWS).
  if (!names_a_policy(policy_arn))
    return errors::InvalidInput("ARN " + policy_arn + " is not valid.");
  if (!find_managed_policy(ctx, policy_arn))
    return errors::NoSuchEntity("Scope ARN: " + policy_arn +
                                " does not exist or is not attachable.");
  return ok_status();
}

}  // namespace localiam::api
