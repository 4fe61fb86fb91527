// Parameter rules that many actions share, as botocore's IAM/STS model declares them
// (userNameType, existingUserNameType, pathType, policyPathType, arnType, markerType, …).
#pragma once

#include <cstdint>

#include "query/param_rules.hpp"

namespace localiam::api::presets {

ParamRule required(ParamRule rule);
// 1..max characters of [\w+=,.@-]+
ParamRule name(const char* param, int64_t max);
ParamRule new_user_name();                     // UserName 1-64, required
ParamRule existing_user_name();                // UserName 1-128, optional
ParamRule group_name();                        // GroupName 1-128, required
ParamRule role_name();                         // RoleName 1-64, required
ParamRule policy_name();                       // PolicyName 1-128, required
ParamRule path(const char* param = "Path");    // pathType
ParamRule policy_path(const char* param);      // policyPathType
ParamRule path_prefix();                       // PathPrefix, pathPrefixType
ParamRule arn(const char* param);              // arnType 20-2048, required
ParamRule optional_arn(const char* param);     // arnType 20-2048
ParamRule policy_document(const char* param);  // policyDocumentType, required
ParamRule marker();
ParamRule max_items();
ParamRule boolean(const char* param);
ParamRule integer(const char* param, int64_t min, int64_t max);
ParamRule tags();        // Tags, tagListType: <= 50 of {Key, Value}
ParamRule tag_keys();    // TagKeys, tagKeyListType, required
ParamRule version_id();  // VersionId, policyVersionIdType, required

}  // namespace localiam::api::presets
