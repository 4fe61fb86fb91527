// Account properties (GetAccountProperties, PutAccountProperties): account-wide IAM settings
// as "Namespace/PropertyName" keys. localiam knows the one property AWS documents,
// RoleManager/Enabled (a boolean, "false" until set); a key it does not know is refused, as
// AWS validates every value by its key's type. Properties persist per account.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "common/utf8.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_rules.hpp"
#include "storage/account_property_repository.hpp"

namespace localiam::api {

namespace {

struct KnownProperty {
  std::string_view key;
  std::string_view default_value;
};
// Every property localiam knows, with its value before any PutAccountProperties. All are
// booleans ("true"/"false").
constexpr KnownProperty kKnownProperties[] = {{"RoleManager/Enabled", "false"}};

// Properties.entry.N.key / .value for N = 1, 2, … up to the first gap, as the Query protocol
// sends a map.
std::map<std::string, std::string> properties_param(const RequestContext& ctx) {
  std::map<std::string, std::string> properties;
  for (int n = 1;; ++n) {
    const std::string prefix = "Properties.entry." + std::to_string(n);
    const std::string* key = ctx.optional_param(prefix + ".key");
    const std::string* value = ctx.optional_param(prefix + ".value");
    if (!key && !value) break;
    properties.emplace(key ? *key : "", value ? *value : "");
  }
  return properties;
}

bool is_key_text(std::string_view key) {
  if (key.empty() || !std::isalpha(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-';
  });
}

// The model's map constraints (key 1-50 of ^[A-Za-z][A-Za-z0-9/_-]*$, value 1-1024), in the
// composite form AWS uses for map keys and values (IAM leaves the value out).
Status check_map_constraints(const std::map<std::string, std::string>& properties) {
  std::vector<std::string> problems;
  const bool bad_key = std::any_of(properties.begin(), properties.end(), [](const auto& p) {
    return utf8::length(p.first) < 1 || utf8::length(p.first) > 50 || !is_key_text(p.first);
  });
  const bool bad_value = std::any_of(properties.begin(), properties.end(), [](const auto& p) {
    return utf8::length(p.second) < 1 || utf8::length(p.second) > 1024;
  });
  if (bad_key)
    problems.push_back(
        "Value at 'properties' failed to satisfy constraint: Map keys must satisfy constraint: "
        "[Member must have length less than or equal to 50, Member must have length greater "
        "than or equal to 1, Member must satisfy regular expression pattern: "
        "^[A-Za-z][A-Za-z0-9/_-]*$]");
  if (bad_value)
    problems.push_back(
        "Value at 'properties' failed to satisfy constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 1024, Member must have length greater "
        "than or equal to 1]");
  return validation_errors(problems);
}

const KnownProperty* known_property(std::string_view key) {
  for (const KnownProperty& p : kKnownProperties)
    if (p.key == key) return &p;
  return nullptr;
}

Result<XmlNode> GetAccountProperties(RequestContext& ctx) {
  std::map<std::string, std::string> values;
  for (const KnownProperty& p : kKnownProperties) values.emplace(p.key, p.default_value);
  for (auto& [key, value] : storage::AccountPropertyRepository(ctx.db).list(ctx.account()))
    values[key] = std::move(value);
  XmlNode result;
  XmlNode& map = result.child("Properties");
  for (const auto& [key, value] : values) map.child("entry").text("key", key).text("value", value);
  return result;
}

// The documented rules, in order: the model's constraints; each key is Namespace/PropertyName
// with exactly one "/" neither first nor last; one namespace per request; then each value by
// its key's type. The InvalidInput texts are localiam's (AWS's are unconfirmed).
Result<XmlNode> PutAccountProperties(RequestContext& ctx) {
  const auto properties = properties_param(ctx);
  if (properties.empty())
    return errors::ValidationError(
        "1 validation error detected: Value null at 'properties' failed to satisfy "
        "constraint: Member must not be null");
  RETURN_IF_ERROR(check_map_constraints(properties));
  std::string namespace_name;
  for (const auto& [key, value] : properties) {
    const size_t slash = key.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == key.size() ||
        key.find('/', slash + 1) != std::string::npos)
      return errors::InvalidInput("Property key " + key +
                                  " must be in the format Namespace/PropertyName.");
    const std::string ns = key.substr(0, slash);
    if (!namespace_name.empty() && ns != namespace_name)
      return errors::InvalidInput("All properties in a request must belong to the same namespace.");
    namespace_name = ns;
  }
  for (const auto& [key, value] : properties) {
    if (!known_property(key)) return errors::InvalidInput("Unsupported account property: " + key);
    if (value != "true" && value != "false")
      return errors::InvalidInput("Invalid value for account property " + key +
                                  ": expected true or false.");
  }
  storage::AccountPropertyRepository repository(ctx.db);
  for (const auto& [key, value] : properties) repository.put(ctx.account(), key, value);
  return XmlNode();
}

}  // namespace

void add_account_property_actions(std::vector<Action>& table) {
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "GetAccountProperties", .service = iam, .handler = GetAccountProperties},
          {.name = "PutAccountProperties",
           .service = iam,
           .handler = PutAccountProperties,
           .has_result = false,
           .writes = true},
      });
}

}  // namespace localiam::api
