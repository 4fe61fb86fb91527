#include "storage/usage_memo.hpp"

namespace localiam::storage {

namespace {

// Past this many entries the memo starts over rather than grow without bound.
constexpr size_t kMaxEntries = 100000;

}  // namespace

std::string UsageMemo::access_key(std::string_view entity_id, std::string_view service,
                                  std::string_view action) {
  std::string key;
  key.reserve(entity_id.size() + service.size() + action.size() + 2);
  key.append(entity_id).append(1, '\0').append(service).append(1, '\0').append(action);
  return key;
}

const int64_t* UsageMemo::last_accessed(std::string_view entity_id, std::string_view service,
                                        std::string_view action) const {
  auto it = last_accessed_.find(access_key(entity_id, service, action));
  return it == last_accessed_.end() ? nullptr : &it->second;
}

void UsageMemo::remember_access(std::string_view entity_id, std::string_view service,
                                std::string_view action, int64_t when) {
  make_room();
  last_accessed_[access_key(entity_id, service, action)] = when;
}

const AccessKeyUse* UsageMemo::key_use(std::string_view access_key_id) const {
  auto it = key_use_.find(std::string(access_key_id));
  return it == key_use_.end() ? nullptr : &it->second;
}

void UsageMemo::remember_key_use(std::string_view access_key_id, const AccessKeyUse& use) {
  make_room();
  key_use_[std::string(access_key_id)] = use;
}

void UsageMemo::clear() {
  last_accessed_.clear();
  key_use_.clear();
}

void UsageMemo::make_room() {
  if (last_accessed_.size() + key_use_.size() >= kMaxEntries) clear();
}

}  // namespace localiam::storage
