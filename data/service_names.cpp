#include "data/service_names.hpp"

#include <algorithm>

#include "common/ascii.hpp"
#include "data/embedded_json.hpp"

// data/service_names.json, placed in .rodata by data/service_names_blob.S (a NUL follows _end).
extern "C" const char localiam_service_names_json[];
extern "C" const char localiam_service_names_json_end[];

namespace localiam::data {

namespace {

const std::string* find_sorted(const std::vector<std::string>& sorted, std::string_view name) {
  auto it = std::lower_bound(
      sorted.begin(), sorted.end(), name,
      [](const std::string& entry, std::string_view key) { return ascii::iless(entry, key); });
  return it != sorted.end() && ascii::iequals(*it, name) ? &*it : nullptr;
}

}  // namespace

ServiceNames::ServiceNames() {
  const EmbeddedJson json("service names", localiam_service_names_json,
                          localiam_service_names_json_end);
  for (const auto& [key, value] : json.member(json.document(), "services", "").GetObject()) {
    ServiceNamesEntry& entry = services_.emplace_back();
    entry.prefix = json.text(key, "services");
    entry.name = json.text(json.member(value, "name", entry.prefix), entry.prefix);
    entry.actions = json.texts(json.member(value, "actions", entry.prefix), entry.prefix);
    entry.condition_keys =
        json.texts(json.member(value, "conditionKeys", entry.prefix), entry.prefix);
    std::sort(entry.actions.begin(), entry.actions.end(), ascii::iless);
    std::sort(entry.condition_keys.begin(), entry.condition_keys.end(), ascii::iless);
  }
  std::sort(services_.begin(), services_.end(),
            [](const ServiceNamesEntry& a, const ServiceNamesEntry& b) {
              return ascii::iless(a.prefix, b.prefix);
            });
}

const ServiceNames& ServiceNames::instance() {
  static const ServiceNames names;
  return names;
}

const ServiceNamesEntry* ServiceNames::service(std::string_view prefix) const {
  auto it = std::lower_bound(
      services_.begin(), services_.end(), prefix,
      [](const ServiceNamesEntry& s, std::string_view key) { return ascii::iless(s.prefix, key); });
  return it != services_.end() && ascii::iequals(it->prefix, prefix) ? &*it : nullptr;
}

const std::string* ServiceNames::action(std::string_view prefix, std::string_view name) const {
  const ServiceNamesEntry* found = service(prefix);
  return found ? find_sorted(found->actions, name) : nullptr;
}

bool ServiceNames::has_condition_key(std::string_view key) const {
  const size_t colon = key.find(':');
  if (colon == std::string_view::npos) return false;
  const ServiceNamesEntry* found = service(key.substr(0, colon));
  if (found == nullptr) return false;
  if (find_sorted(found->condition_keys, key)) return true;
  // "ec2:ResourceTag/Team" is the listed "ec2:ResourceTag/${TagKey}" (the stem up to '/').
  const size_t slash = key.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view stem = key.substr(0, slash + 1);
  auto it = std::lower_bound(
      found->condition_keys.begin(), found->condition_keys.end(), stem,
      [](const std::string& entry, std::string_view k) { return ascii::iless(entry, k); });
  for (; it != found->condition_keys.end(); ++it) {
    if (it->size() < stem.size() ||
        !ascii::iequals(std::string_view(*it).substr(0, stem.size()), stem))
      break;
    if (std::string_view(*it).substr(stem.size()).starts_with("${")) return true;
  }
  return false;
}

}  // namespace localiam::data
