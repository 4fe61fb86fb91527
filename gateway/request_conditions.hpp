// The condition keys a forwarded request carries, read from the request itself as AWS does:
// DynamoDB's dynamodb:LeadingKeys (the partition-key values of Key, Item, KeyConditionExpression,
// KeyConditions and a batch's items for the table), dynamodb:Attributes, dynamodb:Select and
// dynamodb:ReturnValues; KMS's kms:EncryptionContext:KEY, kms:EncryptionContextKeys and
// kms:EncryptionAlgorithm; secretsmanager:SecretId and the other string parameters the Reference
// names; S3's s3:prefix, s3:delimiter, s3:max-keys and s3:x-amz-* headers; aws:RequestTag/KEY and
// aws:TagKeys from a create or tag call's tags. Only keys the Service Authorization Reference
// lists for the action are set. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/http_message.hpp"
#include "gateway/resource_reads.hpp"
#include "policy/request_context.hpp"

namespace localiam::gateway {

// What the request is, independent of how the operation was identified.
struct OperationFacts {
  std::string_view service;    // IAM prefix: "dynamodb"
  std::string_view operation;  // "Query"
  std::string_view action;     // "dynamodb:Query"
  std::string_view resource;   // the ARN decided on, or "*"
};

// Whether the Reference lists `key` ("kms:EncryptionContext:purpose", "aws:ResourceTag/team")
// for `action` ("kms:Encrypt"), on the action itself or on one of its resource types.
bool key_listed(std::string_view action, std::string_view key);

// Adds the request's keys to `out`. `hash_key` is the table's partition-key attribute name
// (needed for dynamodb:LeadingKeys; empty when unknown: no LeadingKeys then).
void add_request_conditions(const OperationFacts& op, const HttpRequest& request,
                            std::string_view hash_key, policy::ContextKeys& out);

// Adds aws:ResourceTag/KEY for `tags` when the Reference lists it for the action.
void add_resource_tags(const OperationFacts& op, const Tags& tags, policy::ContextKeys& out);

}  // namespace localiam::gateway
