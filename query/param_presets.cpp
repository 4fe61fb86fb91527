#include "query/param_presets.hpp"

namespace localiam::api::presets {

ParamRule required(ParamRule rule) {
  rule.required = true;
  return rule;
}

ParamRule name(const char* param, int64_t max) {
  return ParamRule{.name = param, .min_length = 1, .max_length = max, .pattern = Pattern::kName};
}

ParamRule new_user_name() { return required(name("UserName", 64)); }
ParamRule existing_user_name() { return name("UserName", 128); }
ParamRule group_name() { return required(name("GroupName", 128)); }
ParamRule role_name() { return required(name("RoleName", 64)); }
ParamRule policy_name() { return required(name("PolicyName", 128)); }

ParamRule path(const char* param) {
  return ParamRule{.name = param, .min_length = 1, .max_length = 512, .pattern = Pattern::kPath};
}

ParamRule policy_path(const char* param) {
  return ParamRule{
      .name = param, .min_length = 1, .max_length = 512, .pattern = Pattern::kPolicyPath};
}

ParamRule path_prefix() {
  return ParamRule{
      .name = "PathPrefix", .min_length = 1, .max_length = 512, .pattern = Pattern::kPathPrefix};
}

ParamRule optional_arn(const char* param) {
  return ParamRule{.name = param, .min_length = 20, .max_length = 2048};
}

ParamRule arn(const char* param) { return required(optional_arn(param)); }

ParamRule policy_document(const char* param) {
  return required(ParamRule{
      .name = param, .min_length = 1, .max_length = 131072, .pattern = Pattern::kPolicyDocument});
}

ParamRule marker() {
  return ParamRule{
      .name = "Marker", .min_length = 1, .max_length = 320, .pattern = Pattern::kMarker};
}

ParamRule max_items() { return integer("MaxItems", 1, 1000); }

ParamRule boolean(const char* param) {
  return ParamRule{.name = param, .kind = ParamKind::kBoolean};
}

ParamRule integer(const char* param, int64_t min, int64_t max) {
  return ParamRule{.name = param, .kind = ParamKind::kInteger, .min_value = min, .max_value = max};
}

namespace {

ParamRule tag_key(const char* field) {
  return required(
      ParamRule{.name = field, .min_length = 1, .max_length = 128, .pattern = Pattern::kTagKey});
}

}  // namespace

ParamRule tags() {
  ParamRule value{.name = "Value",
                  .required = true,
                  .min_length = 0,
                  .max_length = 256,
                  .pattern = Pattern::kTagValue};
  return ParamRule{.name = "Tags",
                   .kind = ParamKind::kStructList,
                   .max_length = 50,
                   .members = {tag_key("Key"), value}};
}

ParamRule tag_keys() {
  return required(ParamRule{
      .name = "TagKeys", .kind = ParamKind::kList, .max_length = 50, .members = {tag_key("")}});
}

ParamRule version_id() {
  return required(ParamRule{.name = "VersionId", .pattern = Pattern::kVersionId});
}

}  // namespace localiam::api::presets
