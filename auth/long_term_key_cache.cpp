#include "auth/long_term_key_cache.hpp"

#include "auth/authenticator.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"

namespace localiam::api {

namespace {

// Past this many keys the cache starts over rather than grow without bound.
constexpr size_t kMaxEntries = 10000;

}  // namespace

uint64_t LongTermKeyCache::generation(const storage::Database& db) {
  // Counters only grow: their sum moves whenever either does.
  return db.existing_row_changes("users") + db.existing_row_changes("access_keys");
}

void LongTermKeyCache::sync_locked(uint64_t generation) {
  if (generation_ == generation && entries_.size() < kMaxEntries) return;
  entries_.clear();
  generation_ = generation;
}

std::optional<LongTermKeyCache::Entry> LongTermKeyCache::peek(const storage::Database& db,
                                                              const std::string& access_key_id) {
  const uint64_t generation = LongTermKeyCache::generation(db);
  std::lock_guard<std::mutex> guard(mutex_);
  if (generation_ != generation) return std::nullopt;
  auto it = entries_.find(access_key_id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

std::optional<LongTermKeyCache::Entry> LongTermKeyCache::find(storage::Database& db,
                                                              const std::string& access_key_id) {
  // Under the database lock the generation cannot move while this runs.
  const uint64_t generation = LongTermKeyCache::generation(db);
  {
    std::lock_guard<std::mutex> guard(mutex_);
    sync_locked(generation);
    if (auto it = entries_.find(access_key_id); it != entries_.end()) return it->second;
  }
  auto key = storage::AccessKeyRepository(db).find(access_key_id);
  if (!key) return std::nullopt;
  auto user = storage::UserRepository(db).find_by_row(key->user_row);
  if (!user) return std::nullopt;
  Entry entry;
  entry.secret = key->secret;
  entry.active = key->status == "Active";
  entry.generation = generation;
  Principal& p = entry.principal;
  p.kind = PrincipalKind::kUser;
  p.account_id = user->account_id;
  p.arn = arn::entity(arn::Partition::kAws, user->account_id, "user", user->path, user->name);
  p.user_id = user->user_id;
  p.name = user->name;
  p.access_key_id = access_key_id;
  p.user_row = user->row;
  std::lock_guard<std::mutex> guard(mutex_);
  sync_locked(generation);
  entries_.emplace(access_key_id, entry);
  return entry;
}

}  // namespace localiam::api
