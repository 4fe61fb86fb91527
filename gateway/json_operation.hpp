// What a request of an awsJson service (X-Amz-Target "DynamoDB_20120810.GetItem") asks IAM:
// the action (`dynamodb:GetItem`, the operation's own name, checked against the Service
// Authorization Reference) and the resource ARN, built from the Reference's ARN format for the
// action's required resource type with the body's names filled in (TableName, SecretId/Name,
// parameter Name, KeyId). Services mapped in this slice: DynamoDB, Secrets Manager, SSM, KMS.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/arn.hpp"

namespace localiam::gateway {

struct JsonOperation {
  std::string service;         // the IAM prefix: "dynamodb"
  std::string operation;       // "GetItem"
  std::string action;          // "dynamodb:GetItem", as the Reference spells it
  bool mapped = false;         // the Reference lists the action
  std::string resource = "*";  // an ARN, or "*"
  // The resource could not be named from the request (see policy::AuthzRequest); the decision
  // is made against "*" with every Resource pattern covering it.
  bool resource_unknown = false;
};

// The IAM prefix of an awsJson X-Amz-Target's service part ("DynamoDB_20120810" -> "dynamodb"),
// or "" for a service this slice does not map.
std::string_view json_service_prefix(std::string_view target_service);

// The operation `target` (X-Amz-Target) names with `body` (its JSON) signed for `region` by a
// caller of `account`; nullopt when the target is not one of the mapped services' ("X.Y").
std::optional<JsonOperation> json_operation(std::string_view target, std::string_view body,
                                            arn::Partition partition, std::string_view region,
                                            std::string_view account);

}  // namespace localiam::gateway
