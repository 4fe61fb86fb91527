// What IAM handlers share: lookups that answer NoSuchEntity with AWS's exact words, ARNs,
// paging (iam/paging.hpp), and the XML shapes of User, Group, Role and Policy.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/action.hpp"
#include "common/arn.hpp"
#include "iam/paging.hpp"
#include "storage/rows.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

// Returns NoSuchEntity "The user with name X cannot be found." etc. when absent.
Result<storage::UserRow> require_user(RequestContext& ctx, std::string_view name);
Result<storage::GroupRow> require_group(RequestContext& ctx, std::string_view name);
Result<storage::RoleRow> require_role(RequestContext& ctx, std::string_view name);

// The IAM user whose credentials an action manages: the one named by UserName, else the
// calling IAM user (as AWS does for ListMFADevices, signing certificates, service-specific
// credentials). NoSuchEntity as require_user; ValidationError "Must specify userName when
// calling with non-User credentials" when there is no name and the caller is not an IAM user.
Result<storage::UserRow> user_param_or_caller(RequestContext& ctx);

// Service-linked roles are changed only by their service: the actions that would change a
// role's trust, policies, boundary or existence call this first. UnmodifiableEntity "Cannot
// perform the operation on the protected role 'NAME' - this role is only modifiable by AWS"
// for a service-linked role; ok otherwise.
Status require_modifiable_role(RequestContext& ctx, const storage::RoleRow& role);

// The Path parameter, "/" when absent.
std::string path_param(RequestContext& ctx, std::string_view name = "Path");

// Element shapes (member order as in botocore's model), ARNs in `partition`. Tags are written when
// `tags` is given and not empty (ListUsers and ListRoles never show tags).
void write_user(XmlNode& node, arn::Partition partition, const storage::UserRow& user,
                const std::vector<storage::TagRow>* tags = nullptr,
                const std::optional<std::string>& boundary = std::nullopt);
void write_group(XmlNode& node, arn::Partition partition, const storage::GroupRow& group);
// PermissionsBoundary (AttachedPermissionsBoundary) of a user or role, written by write_user and
// write_role when given a boundary (GetUser/GetRole/Create*; AWS's List* never show it).
void write_boundary(XmlNode& node, const std::string& policy_arn);
enum class RoleView { kCreate, kGet, kList };
void write_role(XmlNode& node, arn::Partition partition, const storage::RoleRow& role,
                RoleView view, const std::vector<storage::TagRow>* tags = nullptr,
                const std::optional<std::string>& boundary = std::nullopt);

}  // namespace localiam::api
