#include "auth/resource_template.hpp"

#include <optional>

#include "common/arn.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/server_certificate_repository.hpp"

namespace localiam::api {

namespace {

using Kind = ResourceTemplate::Kind;

// The stored path of the entity of `type` named `name` in `account`, when it exists.
std::optional<std::string> stored_path(AuthorizationLookups& lookups, storage::Database& db,
                                       const std::string& account, std::string_view type,
                                       std::string_view name) {
  if (type == "user") {
    if (const auto& user = lookups.user(account, name)) return user->path;
  } else if (type == "role") {
    if (const auto& role = lookups.role(account, name)) return role->path;
  } else if (type == "group") {
    if (const auto& group = lookups.group(account, name)) return group->path;
  } else if (type == "instance-profile") {
    if (auto profile = storage::InstanceProfileRepository(db).find(account, name))
      return std::move(profile->path);
  } else if (type == "server-certificate") {
    if (auto certificate = storage::ServerCertificateRepository(db).find(account, name))
      return std::move(certificate->path);
  }
  return std::nullopt;
}

}  // namespace

ResolvedResource resolve_resource(const ResourceTemplate& tmpl, RequestContext& ctx,
                                  AuthorizationLookups& lookups) {
  const std::string& account = ctx.account();
  const std::string* value = tmpl.param.empty() ? nullptr : ctx.optional_param(tmpl.param);
  switch (tmpl.kind) {
    case Kind::kNone:
      return {"*", false};
    case Kind::kUnknown:
      break;
    case Kind::kUserOrCaller:
      if (!value) {
        if (ctx.caller.kind == PrincipalKind::kUser) return {ctx.caller.arn, false};
        break;
      }
      [[fallthrough]];
    case Kind::kEntity: {
      if (!value) break;
      std::optional<std::string> path = stored_path(lookups, ctx.db, account, tmpl.type, *value);
      if (!path) {
        const std::string* given = ctx.optional_param("Path");
        path = given ? *given : "/";
      }
      return {arn::entity(ctx.partition, account, tmpl.type, *path, *value), false};
    }
    case Kind::kArn:
      if (!value) break;
      return {*value, false};
    case Kind::kListing:
      return {arn::entity(ctx.partition, account, tmpl.type, value ? *value : "/", ""), false};
    case Kind::kNamed:
      if (!value) break;
      return {arn::iam(ctx.partition, account, std::string(tmpl.type) + "/" + *value), false};
    case Kind::kFederatedUser:
      if (!value) break;
      return {arn::federated_user(ctx.partition, account, *value), false};
  }
  return {"*", true};
}

}  // namespace localiam::api
