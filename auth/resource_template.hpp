// The resource an IAM or STS action is authorised against, as each action row declares it
// (auth/action.hpp) after AWS's Service Authorization Reference: which ARN, filled from which
// request parameter. resolve_resource() makes the ARN for one request, with the request's
// partition and the caller's account, and the entity's stored path when it exists (the ARN AWS
// names in its AccessDenied messages). Callers hold the database lock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/authorization_memo.hpp"
#include "auth/service_context.hpp"

namespace localiam::api {

struct ResourceTemplate {
  enum class Kind : uint8_t {
    // The action has no resource type: "*", which only a Resource pattern covering "*" matches.
    kNone,
    // arn:P:iam::ACCOUNT:TYPE/PATH/NAME with NAME from `param`; PATH is the stored entity's,
    // else the Path parameter, else "/".
    kEntity,
    // kEntity user from `param` when the request has it, else the calling IAM user.
    kUserOrCaller,
    // The parameter's value is the ARN.
    kArn,
    // arn:P:iam::ACCOUNT:TYPE then the PathPrefix parameter (or "/"): ListUsers, ListRoles, …
    kListing,
    // arn:P:iam::ACCOUNT:TYPE/VALUE, VALUE from `param` (no path): saml-provider/Name, …
    kNamed,
    // arn:P:sts::ACCOUNT:federated-user/NAME, NAME from `param`.
    kFederatedUser,
    // A resource localiam does not name: "*", which every Resource pattern covers.
    kUnknown,
  };
  Kind kind = Kind::kNone;
  std::string_view type;   // the ARN's resource type: "user", "role", "instance-profile", …
  std::string_view param;  // the request parameter that names the resource

  bool operator==(const ResourceTemplate&) const = default;
};

// Row helpers: `.resource = resource::entity("user", "UserName")`.
namespace resource {
constexpr ResourceTemplate none() { return {}; }
constexpr ResourceTemplate entity(std::string_view type, std::string_view param) {
  return {ResourceTemplate::Kind::kEntity, type, param};
}
constexpr ResourceTemplate user_or_caller() {
  return {ResourceTemplate::Kind::kUserOrCaller, "user", "UserName"};
}
constexpr ResourceTemplate arn(std::string_view param) {
  return {ResourceTemplate::Kind::kArn, "", param};
}
constexpr ResourceTemplate listing(std::string_view type) {
  return {ResourceTemplate::Kind::kListing, type, "PathPrefix"};
}
constexpr ResourceTemplate named(std::string_view type, std::string_view param) {
  return {ResourceTemplate::Kind::kNamed, type, param};
}
constexpr ResourceTemplate federated_user() {
  return {ResourceTemplate::Kind::kFederatedUser, "federated-user", "Name"};
}
constexpr ResourceTemplate unknown() { return {ResourceTemplate::Kind::kUnknown, "", ""}; }
}  // namespace resource

struct ResolvedResource {
  std::string arn;       // or "*"
  bool unknown = false;  // "*" stands for a resource that could not be named
};

ResolvedResource resolve_resource(const ResourceTemplate& tmpl, RequestContext& ctx,
                                  AuthorizationLookups& lookups);

}  // namespace localiam::api
