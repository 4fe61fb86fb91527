#include "gateway/json_operation.hpp"

#include <rapidjson/document.h>

#include "data/service_authorization.hpp"

namespace localiam::gateway {

namespace {

struct MappedService {
  std::string_view target;  // X-Amz-Target's service part
  std::string_view prefix;  // IAM's
};

constexpr MappedService kServices[] = {
    {"DynamoDB_20120810", "dynamodb"},
    {"secretsmanager", "secretsmanager"},
    {"AmazonSSM", "ssm"},
    {"TrentService", "kms"},
};

// The body's names, by the ARN format's variable they fill, in order of preference.
struct Variable {
  std::string_view service;
  std::string_view variable;
  std::string_view members[2];
};

constexpr Variable kVariables[] = {
    {"dynamodb", "TableName", {"TableName", ""}},
    // CreateSecret names the secret with Name, the other operations with SecretId.
    {"secretsmanager", "SecretId", {"SecretId", "Name"}},
    // GetParametersByPath names a path; its parameters' ARNs share it as a prefix.
    {"ssm", "ParameterNameWithoutLeadingSlash", {"Name", "Path"}},
    {"kms", "KeyId", {"KeyId", ""}},
};

// The top-level string member `name` of `doc`, or nullopt.
std::optional<std::string> member(const rapidjson::Document& doc, std::string_view name) {
  if (name.empty() || !doc.IsObject()) return std::nullopt;
  auto it =
      doc.FindMember(rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  if (it == doc.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::string> variable_value(const rapidjson::Document& doc, std::string_view service,
                                          std::string_view variable) {
  for (const Variable& v : kVariables) {
    if (v.service != service || v.variable != variable) continue;
    for (std::string_view name : v.members)
      if (auto value = member(doc, name); value && !value->empty()) return value;
  }
  return std::nullopt;
}

// The ARN `format` ("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}") with
// its variables filled; nullopt when one cannot be. A name given as a whole ARN (a secret's or
// a key's ARN, a table's ARN) is the resource as it is.
std::optional<std::string> fill(std::string_view format, const rapidjson::Document& doc,
                                std::string_view service, arn::Partition partition,
                                std::string_view region, std::string_view account) {
  std::string out;
  while (!format.empty()) {
    const size_t open = format.find("${");
    if (open == std::string_view::npos) {
      out += format;
      break;
    }
    out += format.substr(0, open);
    const size_t close = format.find('}', open);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view name = format.substr(open + 2, close - open - 2);
    format.remove_prefix(close + 1);
    if (name == "Partition") {
      out += arn::partition_name(partition);
    } else if (name == "Region") {
      out += region;
    } else if (name == "Account") {
      out += account;
    } else {
      std::optional<std::string> value = variable_value(doc, service, name);
      if (!value) return std::nullopt;
      if (value->starts_with("arn:")) return value;
      if (service == "ssm" && value->starts_with("/")) value->erase(0, 1);
      // A KMS alias names no key: the key it points to is the upstream's to say.
      if (service == "kms" && value->starts_with("alias/")) return std::nullopt;
      out += *value;
    }
  }
  return out;
}

}  // namespace

std::string_view json_service_prefix(std::string_view target_service) {
  for (const MappedService& s : kServices)
    if (s.target == target_service) return s.prefix;
  return "";
}

std::optional<JsonOperation> json_operation(std::string_view target, std::string_view body,
                                            arn::Partition partition, std::string_view region,
                                            std::string_view account) {
  const size_t dot = target.find('.');
  if (dot == std::string_view::npos || dot + 1 == target.size()) return std::nullopt;
  const std::string_view prefix = json_service_prefix(target.substr(0, dot));
  if (prefix.empty()) return std::nullopt;
  JsonOperation op;
  op.service = std::string(prefix);
  op.operation = std::string(target.substr(dot + 1));
  op.action = op.service + ":" + op.operation;
  const data::AuthorizedAction* action =
      data::ServiceAuthorization::instance().find_action(op.service, op.operation);
  if (!action) return op;
  op.mapped = true;
  op.action = op.service + ":" + action->name;
  const data::ActionResource* required = nullptr;
  for (const data::ActionResource& r : action->resource_types)
    if (r.required && !required) required = &r;
  // No resource type: AWS authorises the action against "*" (ListTables, CreateKey).
  if (action->resource_types.empty()) return op;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  std::optional<std::string> resource;
  if (required && !doc.HasParseError())
    resource = fill(required->type->arn, doc, op.service, partition, region, account);
  if (resource) {
    op.resource = std::move(*resource);
  } else {
    // Only optional resource types, or a name the body does not give (or gives as a KMS
    // alias): the resource is unknown, and the decision is made against "*" as such.
    op.resource_unknown = true;
  }
  return op;
}

}  // namespace localiam::gateway
