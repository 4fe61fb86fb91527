#include "iam/identity_propagation.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <vector>

#include "common/utf8.hpp"
#include "query/param_rules.hpp"

namespace localiam::api::propagation {

namespace {

constexpr size_t kMaxKeyDefinitions = 10;
constexpr std::string_view kPrefix = "ContextProvider.";

// The documented key alphabet: ASCII letters, digits, _ . : / = + - @ # and single spaces
// that neither start nor end the key.
bool is_context_key(std::string_view key) {
  if (key.empty() || key.front() == ' ' || key.back() == ' ') return false;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == ' ') {
      if (key[i + 1] == ' ') return false;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c))) continue;
    if (std::string_view("_.:/=+-@#").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string length_problem(const std::string& member) {
  return "Value at '" + member +
         "' failed to satisfy constraint: Member must have length less than or equal to 128, "
         "Member must have length greater than or equal to 1";
}

struct KeyDefinition {
  std::optional<std::string> source, target;
};

}  // namespace

Result<std::optional<std::string>> context_provider_param(const RequestContext& ctx) {
  bool present = false;
  for (const auto& [name, value] : ctx.params.all())
    if (std::string_view(name).substr(0, kPrefix.size()) == kPrefix) present = true;
  if (!present) return std::optional<std::string>();

  const std::string* subject = ctx.optional_param("ContextProvider.SubjectSourceKey");
  const std::string* type_value = ctx.optional_param("ContextProvider.SubjectTypeValue");
  const std::string* type_source = ctx.optional_param("ContextProvider.SubjectTypeSourceKey");
  std::vector<KeyDefinition> definitions;
  for (const auto& row :
       ctx.params.struct_list("ContextProvider.KeyDefinitionList", {"SourceKey", "TargetKey"}))
    definitions.push_back({row[0], row[1]});

  std::vector<std::string> problems;
  if (!subject)
    problems.push_back(
        "Value null at 'contextProvider.subjectSourceKey' failed to satisfy constraint: Member "
        "must not be null");
  std::vector<std::pair<std::string, const std::string*>> keys;
  if (subject) keys.emplace_back("contextProvider.subjectSourceKey", subject);
  if (type_value) keys.emplace_back("contextProvider.subjectTypeValue", type_value);
  if (type_source) keys.emplace_back("contextProvider.subjectTypeSourceKey", type_source);
  if (definitions.size() > kMaxKeyDefinitions)
    problems.push_back(
        "Value at 'contextProvider.keyDefinitionList' failed to satisfy constraint: Member must "
        "have length less than or equal to 10");
  for (size_t i = 0; i < definitions.size(); ++i) {
    const std::string member =
        "contextProvider.keyDefinitionList." + std::to_string(i + 1) + ".member.";
    if (!definitions[i].source)
      problems.push_back("Value null at '" + member +
                         "sourceKey' failed to satisfy constraint: Member must not be null");
    else
      keys.emplace_back(member + "sourceKey", &*definitions[i].source);
    if (definitions[i].target) keys.emplace_back(member + "targetKey", &*definitions[i].target);
  }
  for (const auto& [member, value] : keys) {
    const size_t n = utf8::length(*value);
    if (n < 1 || n > 128) problems.push_back(length_problem(member));
  }
  if (!problems.empty()) {
    std::string message =
        std::to_string(problems.size()) +
        (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    return errors::ValidationError(std::move(message));
  }
  // Outside the documented alphabet (AWS's wording for this is unconfirmed).
  for (const auto& [member, value] : keys)
    if (member.find("subjectTypeValue") == std::string::npos && !is_context_key(*value))
      return errors::InvalidInput(
          "The context provider key " + *value +
          " can contain only ASCII letters, numbers, single spaces and _ . : / = + - @ #, and "
          "can't start or end with a space.");

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto string = [&w](std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartObject();
  w.Key("SubjectSourceKey");
  string(*subject);
  w.Key("KeyDefinitionList");
  w.StartArray();
  for (const KeyDefinition& d : definitions) {
    w.StartObject();
    w.Key("SourceKey");
    string(*d.source);
    if (d.target) {
      w.Key("TargetKey");
      string(*d.target);
    }
    w.EndObject();
  }
  w.EndArray();
  if (type_value) {
    w.Key("SubjectTypeValue");
    string(*type_value);
  }
  if (type_source) {
    w.Key("SubjectTypeSourceKey");
    string(*type_source);
  }
  w.EndObject();
  return std::optional<std::string>(std::string(buffer.GetString(), buffer.GetSize()));
}

Result<std::optional<std::string>> identity_center_param(const RequestContext& ctx) {
  const std::string* arn = ctx.optional_param("IdentityCenterInstanceArn");
  if (!arn) return std::optional<std::string>();
  const size_t service = arn->find(":sso:::instance/");
  if (arn->rfind("arn:", 0) != 0 || service == std::string::npos || service < 5 ||
      arn->size() == service + 16)
    return errors::InvalidInput("Invalid IAM Identity Center instance ARN: " + *arn);
  return std::optional<std::string>(*arn);
}

void write_context_provider(XmlNode& result, const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (!d.IsObject()) return;
  auto text = [&d](const char* name) -> std::optional<std::string> {
    auto it = d.FindMember(name);
    if (it == d.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  XmlNode& node = result.child("ContextProvider");
  if (auto v = text("SubjectSourceKey")) node.text("SubjectSourceKey", *v);
  XmlNode& list = node.list("KeyDefinitionList");
  if (auto it = d.FindMember("KeyDefinitionList"); it != d.MemberEnd() && it->value.IsArray()) {
    for (const auto& def : it->value.GetArray()) {
      XmlNode& member = list.member();
      for (const char* field : {"SourceKey", "TargetKey"})
        if (auto f = def.FindMember(field); f != def.MemberEnd() && f->value.IsString())
          member.text(field, std::string(f->value.GetString(), f->value.GetStringLength()));
    }
  }
  if (auto v = text("SubjectTypeValue")) node.text("SubjectTypeValue", *v);
  if (auto v = text("SubjectTypeSourceKey")) node.text("SubjectTypeSourceKey", *v);
}

// The texts of these InvalidInput answers are localiam's: AWS's are unconfirmed.
AwsError identity_center_needs_context_provider() {
  return errors::InvalidInput(
      "An IAM Identity Center instance can be associated only with a provider that has a "
      "context provider.");
}

Result<Change> read_change(const RequestContext& ctx, bool change_required) {
  Change change;
  ASSIGN_OR_RETURN(change.context_provider, context_provider_param(ctx));
  ASSIGN_OR_RETURN(change.identity_center, identity_center_param(ctx));
  change.remove_context = ctx.param("RemoveContextProvider") == "true";
  change.remove_identity_center = ctx.param("RemoveIdentityCenterInstance") == "true";
  if (change.context_provider && change.remove_context)
    return errors::InvalidInput(
        "ContextProvider and RemoveContextProvider cannot be specified in the same request.");
  if (change.identity_center && change.remove_identity_center)
    return errors::InvalidInput(
        "IdentityCenterInstanceArn and RemoveIdentityCenterInstance cannot be specified in the "
        "same request.");
  if ((change.context_provider || change.remove_context) &&
      (change.identity_center || change.remove_identity_center))
    return errors::InvalidInput(
        "A request can change either the context provider or the IAM Identity Center "
        "association, but not both.");
  if (change_required && change.empty())
    return errors::InvalidInput(
        "Specify ContextProvider, IdentityCenterInstanceArn, RemoveContextProvider or "
        "RemoveIdentityCenterInstance.");
  return change;
}

Status apply(const Change& change, Settings& settings) {
  if (change.remove_context && settings.identity_center_instance_arn)
    return errors::InvalidInput(
        "Remove the IAM Identity Center association before removing the context provider.");
  if (change.identity_center && !settings.context_provider)
    return identity_center_needs_context_provider();
  if (change.context_provider || change.remove_context)
    settings.context_provider = change.context_provider;
  if (change.identity_center || change.remove_identity_center)
    settings.identity_center_instance_arn = change.identity_center;
  return ok_status();
}

Result<Settings> read_initial(const RequestContext& ctx) {
  Settings settings;
  ASSIGN_OR_RETURN(settings.context_provider, context_provider_param(ctx));
  ASSIGN_OR_RETURN(settings.identity_center_instance_arn, identity_center_param(ctx));
  if (settings.identity_center_instance_arn && !settings.context_provider)
    return identity_center_needs_context_provider();
  return settings;
}

}  // namespace localiam::api::propagation
