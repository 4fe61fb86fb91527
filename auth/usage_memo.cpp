#include "auth/usage_memo.hpp"

namespace localiam::api {

namespace {

// Past this many stamps a table's memo starts over rather than grow without bound.
constexpr size_t kMaxEntries = 50000;

std::string access_key(std::string_view entity_id, std::string_view service,
                       std::string_view action) {
  std::string key;
  key.reserve(entity_id.size() + service.size() + action.size() + 2);
  key.append(entity_id).append(1, '\0').append(service).append(1, '\0').append(action);
  return key;
}

}  // namespace

UsageMemo::UsageMemo(storage::Database& db)
    : db_(db), accesses_(db.watch("service_access")), key_uses_(db.watch("access_keys")) {}

template <typename Value>
void UsageMemo::Table<Value>::sync() {
  const uint64_t now = watch.changes();
  if (started && changes == now && stamps.size() < kMaxEntries) return;
  stamps.clear();
  changes = now;
  started = true;
}

std::optional<int64_t> UsageMemo::last_accessed(std::string_view entity_id,
                                                std::string_view service, std::string_view action) {
  accesses_.sync();
  std::string key = access_key(entity_id, service, action);
  if (auto it = accesses_.stamps.find(key); it != accesses_.stamps.end()) return it->second;
  std::optional<int64_t> when =
      storage::AccessAdvisorRepository(db_).last_recorded(entity_id, service, action);
  if (when) accesses_.stamps.emplace(std::move(key), *when);
  return when;
}

void UsageMemo::record_access(const storage::ServiceAccessRow& row) {
  accesses_.sync();
  storage::AccessAdvisorRepository(db_).record(row);
  accesses_.wrote();
  accesses_.stamps.insert_or_assign(access_key(row.entity_id, row.service, row.action),
                                    row.last_accessed);
}

std::optional<storage::AccessKeyUse> UsageMemo::key_use(std::string_view access_key_id) {
  key_uses_.sync();
  std::string key(access_key_id);
  if (auto it = key_uses_.stamps.find(key); it != key_uses_.stamps.end()) return it->second;
  std::optional<storage::AccessKeyUse> use = storage::AccessKeyRepository(db_).last_use(key);
  if (use) key_uses_.stamps.emplace(std::move(key), *use);
  return use;
}

void UsageMemo::record_key_use(std::string_view access_key_id, const storage::AccessKeyUse& use) {
  key_uses_.sync();
  storage::AccessKeyRepository(db_).record_use(access_key_id, use);
  key_uses_.wrote();
  key_uses_.stamps.insert_or_assign(std::string(access_key_id), use);
}

}  // namespace localiam::api
