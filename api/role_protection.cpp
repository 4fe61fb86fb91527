#include "api/role_protection.hpp"

#include "storage/service_linked_role_repository.hpp"

namespace localiam::api {

Status require_modifiable_role(RequestContext& ctx, const storage::RoleRow& role) {
  if (storage::ServiceLinkedRoleRepository(ctx.db).service_of(role.row))
    return errors::UnmodifiableEntity("Cannot perform the operation on the protected role '" +
                                      role.name + "' - this role is only modifiable by AWS");
  return ok_status();
}

}  // namespace localiam::api
