// Service-linked roles are changed only by their service: the actions that would change a
// role's trust, policies, boundary or existence answer UnmodifiableEntity for them.
#pragma once

#include "api/service_context.hpp"
#include "common/result.hpp"
#include "storage/rows.hpp"

namespace localiam::api {

// UnmodifiableEntity "Cannot perform the operation on the protected role 'NAME' - this role is
// only modifiable by AWS" for a service-linked role; ok otherwise.
Status require_modifiable_role(RequestContext& ctx, const storage::RoleRow& role);

}  // namespace localiam::api
