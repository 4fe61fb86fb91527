// Which operation a request for another service asks for, and what IAM decides for it: from the
// request (head and buffered body) and its SigV4 scope, the operation's name and every (action,
// resource) pair AWS checks, from the catalogue (gateway/operation_catalog.hpp). The operation is
// told by X-Amz-Target (awsJson, SQS's JSON), by Action in a form body or the query string
// (Query: SQS, SNS), or by method and path against the requestUri templates (rest-json: Lambda;
// rest-xml: S3, path and virtual-host style; the most specific template wins). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/arn.hpp"
#include "common/http_message.hpp"

namespace localiam::gateway {

struct ActionResource {
  std::string action;          // "s3:GetObject"
  std::string resource = "*";  // an ARN, or "*"
  // The resource could not be named from the request (see policy::AuthzRequest); the decision
  // is made against "*" with every Resource pattern covering it.
  bool resource_unknown = false;
};

struct RequestOperation {
  std::string service;    // the IAM prefix ("s3"); "" when the scope's service is not catalogued
  std::string operation;  // "ListObjectsV2"; "" when it could not be told
  bool mapped = false;    // the catalogue knows the operation and the actions it needs
  std::vector<ActionResource> needs;  // every pair must be allowed; empty when not mapped
};

struct RequestScope {
  std::string_view service;  // SigV4's: "s3"
  std::string_view region;
  arn::Partition partition = arn::Partition::kAws;
  std::string_view account;  // the caller's
};

RequestOperation request_operation(const HttpRequest& request, const RequestScope& scope);

// The bucket a virtual-host-style S3 request names in its Host ("bucket.localhost:4566",
// "bucket.s3.us-east-1.amazonaws.com"), or "" for a path-style one.
std::string_view virtual_host_bucket(const HttpRequest& request);

}  // namespace localiam::gateway
