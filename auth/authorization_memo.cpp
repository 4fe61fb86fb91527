#include "auth/authorization_memo.hpp"

namespace localiam::api {

namespace {

// Past this many remembered reads the memo starts over rather than grow without bound.
constexpr size_t kMaxEntries = 20000;

std::string name_key(std::string_view account, std::string_view name) {
  std::string key(account);
  key.append(1, '\0').append(name);
  return key;
}

// The memo's entry for `key`, filled by `load` when absent.
template <typename Map, typename Key, typename Load>
const typename Map::mapped_type& remembered(Map& map, size_t& entries, Key&& key, Load&& load) {
  auto it = map.find(key);
  if (it == map.end()) {
    it = map.emplace(std::forward<Key>(key), load()).first;
    ++entries;
  }
  return it->second;
}

}  // namespace

void AuthorizationMemo::sync(uint64_t generation) {
  if (generation == generation_ && entries_ < kMaxEntries) return;
  generation_ = generation;
  entries_ = 0;
  users_.clear();
  roles_.clear();
  groups_.clear();
  tags_.clear();
  user_policies_.clear();
  role_policies_.clear();
  sessions_.clear();
  managed_policies_.clear();
}

AuthorizationLookups::AuthorizationLookups(RequestContext& ctx)
    : db_(ctx.db),
      own_(ctx.service.authorization_memo ? std::nullopt : std::make_optional<AuthorizationMemo>()),
      memo_(ctx.service.authorization_memo ? *ctx.service.authorization_memo : *own_) {
  memo_.sync(db_.write_generation());
}

const std::optional<storage::UserRow>& AuthorizationLookups::user(std::string_view account,
                                                                  std::string_view name) {
  return remembered(memo_.users_, memo_.entries_, name_key(account, name),
                    [&] { return storage::UserRepository(db_).find(account, name); });
}

const std::optional<storage::RoleRow>& AuthorizationLookups::role(std::string_view account,
                                                                  std::string_view name) {
  return remembered(memo_.roles_, memo_.entries_, name_key(account, name),
                    [&] { return storage::RoleRepository(db_).find(account, name); });
}

const std::optional<storage::GroupRow>& AuthorizationLookups::group(std::string_view account,
                                                                    std::string_view name) {
  return remembered(memo_.groups_, memo_.entries_, name_key(account, name),
                    [&] { return storage::GroupRepository(db_).find(account, name); });
}

const std::vector<storage::TagRow>& AuthorizationLookups::tags(storage::TagTarget target,
                                                               int64_t entity_row) {
  return remembered(memo_.tags_, memo_.entries_,
                    std::make_pair(static_cast<int>(target), entity_row),
                    [&] { return storage::TagRepository(db_).list(target, entity_row); });
}

const PrincipalPolicies& AuthorizationLookups::user_policies(const storage::UserRow& user) {
  return remembered(memo_.user_policies_, memo_.entries_, int64_t{user.row},
                    [&] { return load_user_policies(db_, user); });
}

const PrincipalPolicies& AuthorizationLookups::role_policies(const storage::RoleRow& role) {
  return remembered(memo_.role_policies_, memo_.entries_, int64_t{role.row},
                    [&] { return load_role_policies(db_, role); });
}

const std::optional<storage::SessionRow>& AuthorizationLookups::session(
    std::string_view access_key_id) {
  return remembered(memo_.sessions_, memo_.entries_, std::string(access_key_id),
                    [&] { return storage::SessionRepository(db_).find(access_key_id); });
}

const std::optional<LoadedPolicy>& AuthorizationLookups::managed_policy(const std::string& arn) {
  return remembered(memo_.managed_policies_, memo_.entries_, std::string(arn),
                    [&] { return load_managed_policy(db_, arn); });
}

}  // namespace localiam::api
