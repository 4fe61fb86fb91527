#include "api/boundary_support.hpp"

#include "api/policy_lookup.hpp"

namespace localiam::api {

Status check_boundary_policy(RequestContext& ctx, const std::string& policy_arn) {
  RETURN_IF_ERROR(check_arn(policy_arn));
  if (!find_managed_policy(ctx, policy_arn))
    return errors::NoSuchEntity("Scope ARN: " + policy_arn +
                                " does not exist or is not attachable.");
  return ok_status();
}

}  // namespace localiam::api
