#include "api/long_term_key_cache.hpp"

#include "api/authenticator.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"

namespace localiam::api {

namespace {

// Past this many keys the cache starts over rather than grow without bound.
constexpr size_t kMaxEntries = 10000;

}  // namespace

const LongTermKeyCache::Entry* LongTermKeyCache::find(storage::Database& db,
                                                      const std::string& access_key_id) {
  if (generation_ != db.credentials_generation() || entries_.size() >= kMaxEntries) {
    entries_.clear();
    generation_ = db.credentials_generation();
  }
  if (auto it = entries_.find(access_key_id); it != entries_.end()) return &it->second;

  auto key = storage::AccessKeyRepository(db).find(access_key_id);
  if (!key) return nullptr;
  auto user = storage::UserRepository(db).find_by_row(key->user_row);
  if (!user) return nullptr;
  Entry entry;
  entry.secret = key->secret;
  entry.active = key->status == "Active";
  Principal& p = entry.principal;
  p.kind = PrincipalKind::kUser;
  p.account_id = user->account_id;
  p.arn = user_arn(user->account_id, user->path, user->name);
  p.user_id = user->user_id;
  p.name = user->name;
  p.access_key_id = access_key_id;
  p.user_row = user->row;
  return &entries_.emplace(access_key_id, std::move(entry)).first->second;
}

}  // namespace localiam::api
