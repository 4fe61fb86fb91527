// The operations of the services the gateway fronts (S3, DynamoDB, SQS, SNS, KMS, Lambda, Secrets
// Manager, SSM) as data: per service its signing name, protocol and X-Amz-Target prefix; per
// operation its HTTP binding and the IAM actions it needs, each with the ARN format to fill and
// which request member fills each variable. Built in from data/gateway_operations.json (made by
// data/generate); parsed once, on first use; immutable and thread-safe after.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localiam::gateway {

// How a member's value becomes an ARN variable (data/sources/gateway_operations.json lists them).
enum class Transform : uint8_t {
  kPlain,             // as is; an ARN is the resource as is
  kLastPathSegment,   // SQS QueueUrl -> queue name
  kDropLeadingSlash,  // SSM parameter name
  kLambdaFunction,    // name, name:qualifier, account:function:name, or ARN
  kKmsKey,            // key id or ARN; an alias names no key
  kCopySourceBucket,  // x-amz-copy-source "bucket/key[?versionId=]"
  kCopySourceKey,
  kCopySourceVersion,  // its "?versionId=" value; none without one
};

struct MemberSource {
  // A member path: "TableName", "RequestItems{}" (the map's keys), "TransactItems[].Put.TableName"
  // (each element's), "Names[]".
  std::string member;
  Transform transform = Transform::kPlain;
  bool many() const;  // the path goes through a list or a map's keys
};

struct ActionNeed {
  std::string action;         // as the Reference spells it, without prefix: "GetObject"
  std::string resource_type;  // "object"; "" when the ARN is "*" or unknown
  std::string arn;            // the format to fill; "*": no resource type; "": not nameable
  // Each ARN variable (not Partition/Region/Account) and its sources, in order of preference.
  std::vector<std::pair<std::string, std::vector<MemberSource>>> variables;
  // The action instead when the request names an object version (S3's GetObject with a
  // versionId needs s3:GetObjectVersion): when any of `version_sources` gives a value.
  std::string version_action;
  std::vector<MemberSource> version_sources;
};

using NamePairs = std::vector<std::pair<std::string, std::string>>;  // locationName -> member

struct OperationSpec {
  std::string name;  // "ListObjectsV2"
  // The rest protocols' binding; empty for json and query.
  std::string method;  // "GET"
  std::string uri;     // "/{Bucket}?list-type=2"
  // `uri` taken apart once: its path's segments ("{Bucket}", "{Key+}", literals) and the query
  // markers a request must carry ("list-type" -> "2", "uploads" -> "").
  std::vector<std::string> path_segments;
  NamePairs markers;
  NamePairs labels;   // uri label -> member
  NamePairs query;    // query parameter -> member
  NamePairs headers;  // header (required or naming a resource) -> member
  std::vector<std::string> required_query;
  std::vector<std::string> required_headers;
  std::vector<std::string> members;  // json and query: the input's top-level members
  std::vector<ActionNeed> actions;   // empty: not mapped
};

enum class Protocol : uint8_t { kJson, kQuery, kRestJson, kRestXml };

struct ServiceSpec {
  std::string prefix;         // IAM's: "s3"
  std::string signing_name;   // SigV4's: "s3"
  std::string target_prefix;  // X-Amz-Target's service part: "DynamoDB_20120810"; "" for rest
  Protocol protocol = Protocol::kJson;
  std::vector<OperationSpec> operations;  // sorted by name

  const OperationSpec* operation(std::string_view name) const;
  bool rest() const { return protocol == Protocol::kRestJson || protocol == Protocol::kRestXml; }
};

class OperationCatalog {
 public:
  static const OperationCatalog& instance();

  const ServiceSpec* by_signing_name(std::string_view name) const;
  const ServiceSpec* by_target_prefix(std::string_view target_prefix) const;
  const std::vector<ServiceSpec>& services() const { return services_; }
  const std::string& botocore_version() const { return botocore_version_; }

 private:
  OperationCatalog();
  std::vector<ServiceSpec> services_;
  std::string botocore_version_;
};

}  // namespace localiam::gateway
