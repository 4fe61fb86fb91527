#include "policy/referenced_keys.hpp"

namespace localiam::policy {

void ReferencedKeys::add(const CompiledPolicy* policy) {
  if (policy && !policy->keys_lower.empty()) lists_.push_back(&policy->keys_lower);
}

bool ReferencedKeys::wants(std::string_view lower_key) const {
  for (const std::vector<std::string>* keys : lists_)
    for (const std::string& key : *keys)
      if (key == lower_key) return true;
  return false;
}

bool ReferencedKeys::wants_prefix(std::string_view lower_prefix) const {
  for (const std::vector<std::string>* keys : lists_)
    for (const std::string& key : *keys)
      if (std::string_view(key).starts_with(lower_prefix)) return true;
  return false;
}

}  // namespace localiam::policy
