#include "data/service_authorization.hpp"

#include <algorithm>

#include "common/ascii.hpp"
#include "data/embedded_json.hpp"

// data/service_authorization.json, placed in .rodata by data/service_authorization_blob.S (a NUL
// follows _end).
extern "C" const char localiam_service_authorization_json[];
extern "C" const char localiam_service_authorization_json_end[];

namespace localiam::data {

namespace {

// The entry of `sorted` (by `name`, ignoring case) named `name`, or nullptr.
template <typename T>
const T* find_named(const std::vector<T>& sorted, std::string_view name) {
  auto it = std::lower_bound(
      sorted.begin(), sorted.end(), name,
      [](const T& entry, std::string_view key) { return ascii::iless(entry.name, key); });
  return it != sorted.end() && ascii::iequals(it->name, name) ? &*it : nullptr;
}

template <typename T>
void sort_by_name(std::vector<T>& entries) {
  std::sort(entries.begin(), entries.end(),
            [](const T& a, const T& b) { return ascii::iless(a.name, b.name); });
}

using Value = EmbeddedJson::Value;

std::string arn_type_of(std::string_view arn) {
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; the resource part may itself hold colons.
  size_t at = 0;
  for (int colons = 0; colons < 5; ++colons) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  std::string_view resource = arn.substr(at);
  if (resource.starts_with("${")) return {};
  return std::string(resource.substr(0, resource.find_first_of("/:")));
}

// One service's object: {"actions": {...}, "conditionKeys": {...}, "name": ..., "resourceTypes"}.
// Action rows name resource types, which are resolved once the service's types are sorted.
ServiceReference read_service(const EmbeddedJson& json, std::string_view prefix,
                              const Value& object) {
  ServiceReference service;
  service.prefix = prefix;
  service.name = json.text(json.member(object, "name", prefix), prefix);
  for (const auto& [key, value] : json.member(object, "resourceTypes", prefix).GetObject()) {
    ResourceType& type = service.resource_types.emplace_back();
    type.name = json.text(key, prefix);
    type.arn = json.text(json.member(value, "arn", type.name), type.name);
    type.arn_type = arn_type_of(type.arn);
    type.condition_keys = json.texts(json.member(value, "conditionKeys", type.name), type.name);
  }
  sort_by_name(service.resource_types);
  for (const auto& [key, value] : json.member(object, "conditionKeys", prefix).GetObject()) {
    service.condition_keys.push_back({json.text(key, prefix), json.text(value, prefix)});
  }
  sort_by_name(service.condition_keys);
  for (const auto& [key, value] : json.member(object, "actions", prefix).GetObject()) {
    AuthorizedAction& action = service.actions.emplace_back();
    action.name = json.text(key, prefix);
    action.access_level = json.text(json.member(value, "accessLevel", action.name), action.name);
    action.condition_keys =
        json.texts(json.member(value, "conditionKeys", action.name), action.name);
    const Value& listed = json.member(value, "resourceTypes", action.name);
    if (!listed.IsArray()) json.fail("resourceTypes is not an array", action.name);
    for (const Value& row : listed.GetArray()) {
      ActionResource& resource = action.resource_types.emplace_back();
      std::string name = json.text(json.member(row, "name", action.name), action.name);
      resource.type = find_named(service.resource_types, name);
      if (resource.type == nullptr) json.fail("unknown resource type " + name, action.name);
      const Value& required = json.member(row, "required", action.name);
      if (!required.IsBool()) json.fail("required is not a boolean", action.name);
      resource.required = required.GetBool();
      if (auto keys = row.FindMember("conditionKeys"); keys != row.MemberEnd()) {
        resource.condition_keys = json.texts(keys->value, action.name);
      }
    }
  }
  sort_by_name(service.actions);
  return service;
}

}  // namespace

ServiceAuthorization::ServiceAuthorization() {
  const EmbeddedJson json("service authorization reference", localiam_service_authorization_json,
                          localiam_service_authorization_json_end);
  const Value& doc = json.document();
  const Value& source = json.member(doc, "source", "");
  source_package_ = json.text(json.member(source, "package", "source"), "source");
  source_version_ = json.text(json.member(source, "version", "source"), "source");
  for (const auto& [key, value] : json.member(doc, "services", "").GetObject()) {
    services_.push_back(read_service(json, json.text(key, "services"), value));
  }
  // The resource types' addresses are final now: every ActionResource points into its own
  // service's vector, which is moved (not copied) with it.
  std::sort(
      services_.begin(), services_.end(),
      [](const ServiceReference& a, const ServiceReference& b) { return a.prefix < b.prefix; });
}

const ServiceAuthorization& ServiceAuthorization::instance() {
  static const ServiceAuthorization reference;
  return reference;
}

const ServiceReference* ServiceAuthorization::service(std::string_view prefix) const {
  auto it = std::lower_bound(
      services_.begin(), services_.end(), prefix,
      [](const ServiceReference& s, std::string_view key) { return s.prefix < key; });
  return it != services_.end() && it->prefix == prefix ? &*it : nullptr;
}

const AuthorizedAction* ServiceAuthorization::find_action(std::string_view service,
                                                          std::string_view action) const {
  const ServiceReference* found = this->service(service);
  return found ? find_named(found->actions, action) : nullptr;
}

const ResourceType* ServiceAuthorization::resource_type(std::string_view service,
                                                        std::string_view name) const {
  const ServiceReference* found = this->service(service);
  return found ? find_named(found->resource_types, name) : nullptr;
}

const ConditionKey* ServiceAuthorization::condition_key(std::string_view service,
                                                        std::string_view key) const {
  const ServiceReference* found = this->service(service);
  return found ? find_named(found->condition_keys, key) : nullptr;
}

}  // namespace localiam::data
