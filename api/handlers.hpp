// Declarations of every action handler, grouped by the file that defines it. Each takes the
// request context (parameters already checked against the action's rules) and returns the
// children of the <ActionResult> element or an AwsError.
#pragma once

#include "api/action_table.hpp"

namespace localiam::api {

// iam_users.cpp
Result<XmlNode> CreateUser(RequestContext& ctx);
Result<XmlNode> GetUser(RequestContext& ctx);
Result<XmlNode> ListUsers(RequestContext& ctx);
Result<XmlNode> DeleteUser(RequestContext& ctx);

// iam_groups.cpp
Result<XmlNode> CreateGroup(RequestContext& ctx);
Result<XmlNode> GetGroup(RequestContext& ctx);
Result<XmlNode> ListGroups(RequestContext& ctx);
Result<XmlNode> DeleteGroup(RequestContext& ctx);
Result<XmlNode> AddUserToGroup(RequestContext& ctx);
Result<XmlNode> RemoveUserFromGroup(RequestContext& ctx);
Result<XmlNode> ListGroupsForUser(RequestContext& ctx);

// iam_policies.cpp
Result<XmlNode> CreatePolicy(RequestContext& ctx);
Result<XmlNode> GetPolicy(RequestContext& ctx);
Result<XmlNode> GetPolicyVersion(RequestContext& ctx);
Result<XmlNode> ListPolicies(RequestContext& ctx);
Result<XmlNode> DeletePolicy(RequestContext& ctx);

// iam_attachments.cpp
Result<XmlNode> AttachGroupPolicy(RequestContext& ctx);
Result<XmlNode> DetachGroupPolicy(RequestContext& ctx);
Result<XmlNode> ListAttachedGroupPolicies(RequestContext& ctx);

// iam_roles.cpp
Result<XmlNode> CreateRole(RequestContext& ctx);
Result<XmlNode> GetRole(RequestContext& ctx);
Result<XmlNode> ListRoles(RequestContext& ctx);
Result<XmlNode> DeleteRole(RequestContext& ctx);

// iam_access_keys.cpp
Result<XmlNode> CreateAccessKey(RequestContext& ctx);
Result<XmlNode> ListAccessKeys(RequestContext& ctx);
Result<XmlNode> DeleteAccessKey(RequestContext& ctx);

// sts.cpp
Result<XmlNode> GetCallerIdentity(RequestContext& ctx);
Result<XmlNode> AssumeRole(RequestContext& ctx);

}  // namespace localiam::api
