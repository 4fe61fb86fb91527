#include "api/action_table.hpp"

#include <algorithm>

#include "api/handlers.hpp"

namespace localiam::api {

namespace {

// Parameter rules shared by many rows, as botocore's model declares them.
ParamRule required(ParamRule rule) {
  rule.required = true;
  return rule;
}
ParamRule name_rule(const char* name, int64_t max) {
  return ParamRule{.name = name, .min_length = 1, .max_length = max, .pattern = Pattern::kName};
}
ParamRule new_user_name() { return required(name_rule("UserName", 64)); }
ParamRule existing_user_name() { return name_rule("UserName", 128); }
ParamRule group_name() { return required(name_rule("GroupName", 128)); }
ParamRule role_name() { return required(name_rule("RoleName", 64)); }
ParamRule policy_name() { return required(name_rule("PolicyName", 128)); }
ParamRule path() {
  return ParamRule{.name = "Path", .min_length = 1, .max_length = 512, .pattern = Pattern::kPath};
}
ParamRule policy_path(const char* name) {
  return ParamRule{.name = name, .min_length = 1, .max_length = 512, .pattern = Pattern::kPolicyPath};
}
ParamRule path_prefix() {
  return ParamRule{
      .name = "PathPrefix", .min_length = 1, .max_length = 512, .pattern = Pattern::kPathPrefix};
}
ParamRule arn(const char* name) {
  return required(ParamRule{.name = name, .min_length = 20, .max_length = 2048});
}
ParamRule policy_document(const char* name) {
  return required(ParamRule{
      .name = name, .min_length = 1, .max_length = 131072, .pattern = Pattern::kPolicyDocument});
}
ParamRule marker() {
  return ParamRule{.name = "Marker", .min_length = 1, .max_length = 320, .pattern = Pattern::kMarker};
}
ParamRule max_items() {
  return ParamRule{
      .name = "MaxItems", .kind = ParamKind::kInteger, .min_value = 1, .max_value = 1000};
}
ParamRule boolean(const char* name) { return ParamRule{.name = name, .kind = ParamKind::kBoolean}; }

std::vector<Action> build_actions() {
  const auto iam = Service::kIam;
  const auto sts = Service::kSts;
  std::vector<Action> a = {
      // Users
      {"CreateUser", iam, CreateUser, {path(), new_user_name(), ParamRule{.name = "PermissionsBoundary", .min_length = 20, .max_length = 2048}}, true, true},
      {"GetUser", iam, GetUser, {existing_user_name()}},
      {"ListUsers", iam, ListUsers, {path_prefix(), marker(), max_items()}},
      {"DeleteUser", iam, DeleteUser, {required(existing_user_name())}, false, true},
      // Groups
      {"CreateGroup", iam, CreateGroup, {path(), group_name()}, true, true},
      {"GetGroup", iam, GetGroup, {group_name(), marker(), max_items()}},
      {"ListGroups", iam, ListGroups, {path_prefix(), marker(), max_items()}},
      {"DeleteGroup", iam, DeleteGroup, {group_name()}, false, true},
      {"AddUserToGroup", iam, AddUserToGroup, {group_name(), required(existing_user_name())}, false, true},
      {"RemoveUserFromGroup", iam, RemoveUserFromGroup, {group_name(), required(existing_user_name())}, false, true},
      {"ListGroupsForUser", iam, ListGroupsForUser, {required(existing_user_name()), marker(), max_items()}},
      // Managed policies
      {"CreatePolicy", iam, CreatePolicy,
       {policy_name(), policy_path("Path"), policy_document("PolicyDocument"),
        ParamRule{.name = "Description", .max_length = 1000}},
       true, true},
      {"GetPolicy", iam, GetPolicy, {arn("PolicyArn")}},
      {"GetPolicyVersion", iam, GetPolicyVersion,
       {arn("PolicyArn"), required(ParamRule{.name = "VersionId", .pattern = Pattern::kVersionId})}},
      {"ListPolicies", iam, ListPolicies,
       {ParamRule{.name = "Scope", .enum_values = {"All", "AWS", "Local"}}, boolean("OnlyAttached"),
        policy_path("PathPrefix"),
        ParamRule{.name = "PolicyUsageFilter", .enum_values = {"PermissionsPolicy", "PermissionsBoundary"}},
        marker(), max_items()}},
      {"DeletePolicy", iam, DeletePolicy, {arn("PolicyArn")}, false, true},
      {"AttachGroupPolicy", iam, AttachGroupPolicy, {group_name(), arn("PolicyArn")}, false, true},
      {"DetachGroupPolicy", iam, DetachGroupPolicy, {group_name(), arn("PolicyArn")}, false, true},
      {"ListAttachedGroupPolicies", iam, ListAttachedGroupPolicies,
       {group_name(), policy_path("PathPrefix"), marker(), max_items()}},
      // Roles
      {"CreateRole", iam, CreateRole,
       {path(), role_name(), policy_document("AssumeRolePolicyDocument"),
        ParamRule{.name = "Description", .max_length = 1000, .pattern = Pattern::kRoleDescription},
        ParamRule{.name = "MaxSessionDuration", .kind = ParamKind::kInteger, .min_value = 3600, .max_value = 43200},
        ParamRule{.name = "PermissionsBoundary", .min_length = 20, .max_length = 2048}},
       true, true},
      {"GetRole", iam, GetRole, {role_name()}},
      {"ListRoles", iam, ListRoles, {path_prefix(), marker(), max_items()}},
      {"DeleteRole", iam, DeleteRole, {role_name()}, false, true},
      // Access keys
      {"CreateAccessKey", iam, CreateAccessKey, {existing_user_name()}, true, true},
      {"ListAccessKeys", iam, ListAccessKeys, {existing_user_name(), marker(), max_items()}},
      {"DeleteAccessKey", iam, DeleteAccessKey,
       {existing_user_name(),
        required(ParamRule{.name = "AccessKeyId", .min_length = 16, .max_length = 128, .pattern = Pattern::kAccessKeyId})},
       false, true},
      // STS
      {"GetCallerIdentity", sts, GetCallerIdentity, {}},
      {"AssumeRole", sts, AssumeRole,
       {required(ParamRule{.name = "RoleArn", .min_length = 20, .max_length = 2048, .pattern = Pattern::kStsArn}),
        required(ParamRule{.name = "RoleSessionName", .min_length = 2, .max_length = 64, .pattern = Pattern::kSessionName}),
        ParamRule{.name = "Policy", .min_length = 1, .pattern = Pattern::kPolicyDocument},
        ParamRule{.name = "DurationSeconds", .kind = ParamKind::kInteger, .min_value = 900, .max_value = 43200},
        ParamRule{.name = "ExternalId", .min_length = 2, .max_length = 1224, .pattern = Pattern::kExternalId},
        ParamRule{.name = "SerialNumber", .min_length = 9, .max_length = 256, .pattern = Pattern::kSerialNumber},
        ParamRule{.name = "TokenCode", .min_length = 6, .max_length = 6, .pattern = Pattern::kTokenCode},
        ParamRule{.name = "SourceIdentity", .min_length = 2, .max_length = 64, .pattern = Pattern::kSessionName}},
       true, true},
  };
  std::sort(a.begin(), a.end(), [](const Action& x, const Action& y) {
    return x.service != y.service ? x.service < y.service : x.name < y.name;
  });
  return a;
}

const std::vector<Action>& actions() {
  static const std::vector<Action> table = build_actions();
  return table;
}

}  // namespace

const Action* find_action(Service service, std::string_view name) {
  const auto& table = actions();
  auto it = std::lower_bound(table.begin(), table.end(), std::pair{service, name},
                             [](const Action& a, const std::pair<Service, std::string_view>& key) {
                               return a.service != key.first ? a.service < key.first
                                                             : a.name < key.second;
                             });
  if (it == table.end() || it->service != service || it->name != name) return nullptr;
  return &*it;
}

const Action* find_action_any_service(std::string_view name) {
  if (const Action* a = find_action(Service::kIam, name)) return a;
  return find_action(Service::kSts, name);
}

std::string_view xml_namespace(Service service) {
  return service == Service::kIam ? "https://iam.amazonaws.com/doc/2010-05-08/"
                                  : "https://sts.amazonaws.com/doc/2011-06-15/";
}

std::string_view api_version(Service service) {
  return service == Service::kIam ? "2010-05-08" : "2011-06-15";
}

}  // namespace localiam::api
