// The reads the gateway sends its upstream about a resource, besides forwarding: the resource's
// policy (S3 bucket, SQS queue, SNS topic, KMS key, Lambda function, Secrets Manager secret,
// DynamoDB table), its tags, and a DynamoDB table's partition key. Each is a request to build
// (unsigned: the caller signs it with the upstream's keys) and an answer to read, in that
// service's protocol. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/http_message.hpp"

namespace localiam::gateway {

// A read to send: the request (target, method, body, content headers; no Host nor signature)
// and the region and service to sign it for.
struct UpstreamRead {
  HttpRequest request;
  std::string region;
  std::string service;
};

// What one answer said: `answered` is false when the upstream gave no usable answer (an error
// other than "there is none"), with `failure` saying why.
struct PolicyAnswer {
  bool answered = false;
  std::optional<std::string> document;  // nullopt: the resource has no policy
  std::string failure;
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// The ARN of the resource whose policy and tags govern `arn`: an S3 object's bucket, a
// DynamoDB index's or stream's table, else `arn` itself.
std::string policy_holder(std::string_view service, std::string_view arn);

// The read of `arn`'s resource-based policy (`service` is its IAM prefix), or nullopt when the
// service has none localiam reads. `upstream_host` ("host:port") builds SQS queue URLs;
// `region` signs reads of ARNs without one (S3).
std::optional<UpstreamRead> policy_read(std::string_view service, std::string_view arn,
                                        std::string_view region, std::string_view upstream_host);
PolicyAnswer read_policy_answer(std::string_view service, int status, std::string_view body);

// The read of `arn`'s tags, or nullopt when localiam does not read that service's tags.
std::optional<UpstreamRead> tags_read(std::string_view service, std::string_view arn,
                                      std::string_view region, std::string_view upstream_host);
// The tags, or nullopt when the answer is not one (a "no tags" error is an empty list).
std::optional<Tags> read_tags_answer(std::string_view service, int status, std::string_view body);

// DescribeKey for a KMS alias ("alias/NAME" or its ARN) signed for `region`, and the ARN of
// the key it points to from the answer.
std::optional<UpstreamRead> alias_read(std::string_view alias, std::string_view region);
std::optional<std::string> read_key_arn(int status, std::string_view body);

// DescribeTable for a table ARN, and the name of its HASH key attribute from the answer.
std::optional<UpstreamRead> key_schema_read(std::string_view table_arn);
std::optional<std::string> read_hash_key(int status, std::string_view body);

// The text of the first element `<name>…</name>` after `from` in `xml`, unescaped; nullopt when
// there is none. (The few XML answers read here are flat enough for this.)
std::optional<std::string> xml_element(std::string_view xml, std::string_view name, size_t from = 0,
                                       size_t* end = nullptr);

}  // namespace localiam::gateway
