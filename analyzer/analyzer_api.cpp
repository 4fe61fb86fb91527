#include "analyzer/analyzer_api.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "analyzer/access_checks.hpp"
#include "analyzer/policy_validation.hpp"
#include "common/json_escape.hpp"
#include "common/json_nesting.hpp"
#include "query/query_params.hpp"

namespace localiam::analyzer {

namespace {

constexpr std::array kOperations = {
    AnalyzerOperation{"ValidatePolicy", "POST", "/policy/validation"},
    AnalyzerOperation{"CheckNoNewAccess", "POST", "/policy/check-no-new-access"},
    AnalyzerOperation{"CheckAccessNotGranted", "POST", "/policy/check-access-not-granted"},
    AnalyzerOperation{"CheckNoPublicAccess", "POST", "/policy/check-no-public-access"},
};

using Value = rapidjson::Value;

AwsError invalid(std::string message) {
  AwsError e = errors::ValidationException(std::move(message));
  return e;
}

// "1 validation error detected: Value 'X' at 'member' failed to satisfy constraint: …", AWS's
// wording for a value its model rejects.
AwsError constraint(std::string_view value, std::string_view member, std::string_view rule) {
  return invalid("1 validation error detected: Value '" + std::string(value) + "' at '" +
                 std::string(member) + "' failed to satisfy constraint: " + std::string(rule));
}

template <size_t N>
std::string enum_rule(const std::array<std::string_view, N>& values) {
  std::string out = "Member must satisfy enum value set: [";
  for (size_t i = 0; i < N; ++i) out += (i ? ", " : "") + std::string(values[i]);
  return out + "]";
}

class Body {
 public:
  explicit Body(std::string_view text) : text_(text) {}

  std::optional<AwsError> parse() {
    if (text_.empty()) {
      doc_.SetObject();
      return std::nullopt;
    }
    if (!json_nesting_within(text_, 32))
      return invalid("The request body nests deeper than the API's shapes.");
    doc_.Parse(text_.data(), text_.size());
    if (doc_.HasParseError() || !doc_.IsObject())
      return invalid("The request body is not a JSON object.");
    return std::nullopt;
  }

  // A required string member.
  Result<std::string> text(const char* name) const {
    auto it = doc_.FindMember(name);
    if (it == doc_.MemberEnd() || it->value.IsNull())
      return invalid("1 validation error detected: Value null at '" + std::string(name) +
                     "' failed to satisfy constraint: Member must not be null");
    if (!it->value.IsString())
      return invalid("Invalid type for member " + std::string(name) + ": expected a string.");
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }
  // An optional string member ("" when absent).
  Result<std::string> optional_text(const char* name) const {
    if (!doc_.HasMember(name) || doc_[name].IsNull()) return std::string();
    return text(name);
  }
  const Value* find(const char* name) const {
    auto it = doc_.FindMember(name);
    return it == doc_.MemberEnd() ? nullptr : &it->value;
  }

 private:
  std::string_view text_;
  rapidjson::Document doc_;
};

Result<std::string> validate(const Body& body, std::string_view query) {
  Result<std::string> document = body.text("policyDocument");
  if (!document.ok()) return document.error();
  Result<std::string> type_name = body.text("policyType");
  if (!type_name.ok()) return type_name.error();
  static constexpr std::array<std::string_view, 4> kTypes = {
      "IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"};
  ValidatedPolicyType type;
  if (*type_name == kTypes[0]) {
    type = ValidatedPolicyType::kIdentity;
  } else if (*type_name == kTypes[1]) {
    type = ValidatedPolicyType::kResource;
  } else if (*type_name == kTypes[2]) {
    type = ValidatedPolicyType::kServiceControl;
  } else if (*type_name == kTypes[3]) {
    type = ValidatedPolicyType::kResourceControl;
  } else {
    return constraint(*type_name, "policyType", enum_rule(kTypes));
  }
  Result<std::string> resource_type = body.optional_text("validatePolicyResourceType");
  if (!resource_type.ok()) return resource_type.error();
  static constexpr std::array<std::string_view, 6> kResourceTypes = {
      "AWS::S3::Bucket",
      "AWS::S3::AccessPoint",
      "AWS::S3::MultiRegionAccessPoint",
      "AWS::S3ObjectLambda::AccessPoint",
      "AWS::IAM::AssumeRolePolicyDocument",
      "AWS::DynamoDB::Table"};
  if (!resource_type->empty() && std::find(kResourceTypes.begin(), kResourceTypes.end(),
                                           *resource_type) == kResourceTypes.end())
    return constraint(*resource_type, "validatePolicyResourceType", enum_rule(kResourceTypes));
  if (!resource_type->empty() && type != ValidatedPolicyType::kResource)
    return invalid("InvalidInput");
  const std::vector<Finding> findings = validate_policy(*document, type, *resource_type);

  api::QueryParams params;
  if (!params.add_form(query).ok()) return invalid("The query string is not URL-encoded.");
  size_t start = 0, count = findings.size();
  if (const std::string* token = params.get("nextToken")) {
    char* end = nullptr;
    const unsigned long parsed = std::strtoul(token->c_str(), &end, 10);
    if (token->empty() || *end != '\0' || parsed > findings.size())
      return invalid("Invalid pagination token: " + *token);
    start = parsed;
  }
  if (const std::string* max = params.get("maxResults")) {
    char* end = nullptr;
    const long parsed = std::strtol(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0' || parsed < 1)
      return constraint(*max, "maxResults", "Member must have value greater than or equal to 1");
    count = static_cast<size_t>(parsed);
  }
  const size_t stop = std::min(findings.size(), start + count);
  std::string out = "{\"findings\":[";
  for (size_t i = start; i < stop; ++i) out += (i > start ? "," : "") + to_json(findings[i]);
  out += "]";
  if (stop < findings.size()) out += ",\"nextToken\":\"" + std::to_string(stop) + "\"";
  return out + "}";
}

Result<AccessPolicyType> access_policy_type(const Body& body) {
  Result<std::string> name = body.text("policyType");
  if (!name.ok()) return name.error();
  static constexpr std::array<std::string_view, 2> kTypes = {"IDENTITY_POLICY", "RESOURCE_POLICY"};
  if (*name == kTypes[0]) return AccessPolicyType::kIdentity;
  if (*name == kTypes[1]) return AccessPolicyType::kResource;
  return constraint(*name, "policyType", enum_rule(kTypes));
}

std::string result_json(const AccessCheckResult& result) {
  std::string out = "{\"result\":\"" + std::string(result.pass ? "PASS" : "FAIL") +
                    "\",\"message\":\"" + json_escape(result.message) + "\"";
  if (!result.reasons.empty()) {
    out += ",\"reasons\":[";
    for (size_t i = 0; i < result.reasons.size(); ++i) {
      const ReasonSummary& r = result.reasons[i];
      out +=
          (i ? ",{" : "{") + std::string("\"description\":\"") + json_escape(r.description) + "\"";
      if (r.statement_index) out += ",\"statementIndex\":" + std::to_string(*r.statement_index);
      if (!r.statement_id.empty())
        out += ",\"statementId\":\"" + json_escape(r.statement_id) + "\"";
      out += "}";
    }
    out += "]";
  }
  return out + "}";
}

Result<std::string> no_new_access(const Body& body) {
  Result<std::string> changed = body.text("newPolicyDocument");
  if (!changed.ok()) return changed.error();
  Result<std::string> existing = body.text("existingPolicyDocument");
  if (!existing.ok()) return existing.error();
  Result<AccessPolicyType> type = access_policy_type(body);
  if (!type.ok()) return type.error();
  Result<AccessCheckResult> result = check_no_new_access(*changed, *existing, *type);
  if (!result.ok()) return result.error();
  return result_json(*result);
}

// A list of strings member of an access entry.
Result<std::vector<std::string>> strings(const Value& entry, const char* name, size_t index) {
  std::vector<std::string> out;
  auto it = entry.FindMember(name);
  if (it == entry.MemberEnd() || it->value.IsNull()) return out;
  if (!it->value.IsArray())
    return invalid("Invalid type for member access[" + std::to_string(index) + "]." + name +
                   ": expected a list.");
  for (const Value& v : it->value.GetArray()) {
    if (!v.IsString())
      return invalid("Invalid type for member access[" + std::to_string(index) + "]." + name +
                     ": expected strings.");
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

Result<std::string> access_not_granted(const Body& body) {
  Result<std::string> document = body.text("policyDocument");
  if (!document.ok()) return document.error();
  Result<AccessPolicyType> type = access_policy_type(body);
  if (!type.ok()) return type.error();
  const Value* listed = body.find("access");
  if (listed == nullptr || listed->IsNull())
    return invalid(
        "1 validation error detected: Value null at 'access' failed to satisfy constraint: "
        "Member must not be null");
  if (!listed->IsArray() || listed->Empty() || listed->Size() > 1)
    return invalid("The access list must hold one entry.");
  std::vector<AccessToCheck> access;
  for (rapidjson::SizeType i = 0; i < listed->Size(); ++i) {
    const Value& entry = (*listed)[i];
    if (!entry.IsObject()) return invalid("Invalid type for member access: expected objects.");
    Result<std::vector<std::string>> actions = strings(entry, "actions", i);
    if (!actions.ok()) return actions.error();
    Result<std::vector<std::string>> resources = strings(entry, "resources", i);
    if (!resources.ok()) return resources.error();
    if (actions->empty() && resources->empty())
      return invalid("An access entry must name at least one action or resource.");
    if (actions->size() > 100) return invalid("An access entry names at most 100 actions.");
    if (resources->size() > 100) return invalid("An access entry names at most 100 resources.");
    for (const std::string& action : *actions)
      if (action.find(':') == std::string::npos || action.find_first_of("*?") != std::string::npos)
        return invalid("Invalid action: " + action);
    for (const std::string& resource : *resources)
      if (!resource.starts_with("arn:")) {
        AwsError e = invalid("Invalid ARN");
        return e;
      }
    access.push_back({std::move(*actions), std::move(*resources)});
  }
  Result<AccessCheckResult> result = check_access_not_granted(*document, access, *type);
  if (!result.ok()) return result.error();
  return result_json(*result);
}

Result<std::string> no_public_access(const Body& body) {
  Result<std::string> document = body.text("policyDocument");
  if (!document.ok()) return document.error();
  Result<std::string> resource_type = body.text("resourceType");
  if (!resource_type.ok()) return resource_type.error();
  static constexpr std::array<std::string_view, 26> kTypes = {"AWS::DynamoDB::Table",
                                                              "AWS::DynamoDB::Stream",
                                                              "AWS::EFS::FileSystem",
                                                              "AWS::OpenSearchService::Domain",
                                                              "AWS::Kinesis::Stream",
                                                              "AWS::Kinesis::StreamConsumer",
                                                              "AWS::KMS::Key",
                                                              "AWS::Lambda::Function",
                                                              "AWS::S3::Bucket",
                                                              "AWS::S3::AccessPoint",
                                                              "AWS::S3Express::DirectoryBucket",
                                                              "AWS::S3::Glacier",
                                                              "AWS::S3Outposts::Bucket",
                                                              "AWS::S3Outposts::AccessPoint",
                                                              "AWS::SecretsManager::Secret",
                                                              "AWS::SNS::Topic",
                                                              "AWS::SQS::Queue",
                                                              "AWS::IAM::AssumeRolePolicyDocument",
                                                              "AWS::S3Tables::TableBucket",
                                                              "AWS::ApiGateway::RestApi",
                                                              "AWS::CodeArtifact::Domain",
                                                              "AWS::Backup::BackupVault",
                                                              "AWS::CloudTrail::Dashboard",
                                                              "AWS::CloudTrail::EventDataStore",
                                                              "AWS::S3Tables::Table",
                                                              "AWS::S3Express::AccessPoint"};
  if (std::find(kTypes.begin(), kTypes.end(), *resource_type) == kTypes.end())
    return constraint(*resource_type, "resourceType", enum_rule(kTypes));
  Result<AccessCheckResult> result = check_no_public_access(*document, *resource_type);
  if (!result.ok()) return result.error();
  return result_json(*result);
}

}  // namespace

const AnalyzerOperation* find_operation(std::string_view method, std::string_view path) {
  for (const AnalyzerOperation& op : kOperations)
    if (op.method == method && op.path == path) return &op;
  return nullptr;
}

Result<std::string> answer(const AnalyzerOperation& operation, std::string_view body_text,
                           std::string_view query) {
  Body body(body_text);
  if (std::optional<AwsError> bad = body.parse()) return *bad;
  if (operation.name == "ValidatePolicy") return validate(body, query);
  if (operation.name == "CheckNoNewAccess") return no_new_access(body);
  if (operation.name == "CheckAccessNotGranted") return access_not_granted(body);
  return no_public_access(body);
}

std::string error_body(const AwsError& error) {
  std::string out = "{\"message\":\"" + json_escape(error.message) + "\"";
  if (error.code == "ValidationException") out += ",\"reason\":\"fieldValidationFailed\"";
  return out + "}";
}

}  // namespace localiam::analyzer
