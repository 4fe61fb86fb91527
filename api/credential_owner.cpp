#include "api/credential_owner.hpp"

#include "api/handler_support.hpp"

namespace localiam::api {

Result<storage::UserRow> user_param_or_caller(RequestContext& ctx) {
  if (const std::string* name = ctx.optional_param("UserName")) return require_user(ctx, *name);
  if (ctx.caller.kind != PrincipalKind::kUser)
    return errors::ValidationError("Must specify userName when calling with non-User credentials");
  return require_user(ctx, ctx.caller.name);
}

}  // namespace localiam::api
