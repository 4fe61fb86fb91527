// The IAM user whose credentials an action manages: the one named by UserName, else the
// calling IAM user (as AWS does for ListMFADevices, signing certificates, service-specific
// credentials). NoSuchEntity with AWS's words for an unknown name; ValidationError "Must
// specify userName when calling with non-User credentials" when there is no name and the
// caller is not an IAM user.
#pragma once

#include "api/action_table.hpp"
#include "storage/rows.hpp"

namespace localiam::api {

Result<storage::UserRow> user_param_or_caller(RequestContext& ctx);

}  // namespace localiam::api
