// What enforce mode reads from the database to authorise a request (users, roles and groups by
// name, tags, a principal's policies, sessions, managed policies), read once per request
// through AuthorizationLookups and kept between requests in an AuthorizationMemo until the
// database's contents may have changed (storage::Database::write_generation()): a run of reads
// signed by the same principal costs no query after the first. Callers hold the database lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/principal_policies.hpp"
#include "auth/service_context.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

class AuthorizationMemo {
 public:
  // Forgets everything when `generation` is not the one the memo was filled at, or when the
  // memo has grown large.
  void sync(uint64_t generation);

 private:
  friend class AuthorizationLookups;
  uint64_t generation_ = 0;
  size_t entries_ = 0;
  std::unordered_map<std::string, std::optional<storage::UserRow>> users_;
  std::unordered_map<std::string, std::optional<storage::RoleRow>> roles_;
  std::unordered_map<std::string, std::optional<storage::GroupRow>> groups_;
  std::map<std::pair<int, int64_t>, std::vector<storage::TagRow>> tags_;
  std::unordered_map<int64_t, PrincipalPolicies> user_policies_;  // by user row
  std::unordered_map<int64_t, PrincipalPolicies> role_policies_;  // by role row
  std::unordered_map<std::string, std::optional<storage::SessionRow>> sessions_;
  std::unordered_map<std::string, std::optional<LoadedPolicy>> managed_policies_;
};

// One request's reads: through the server's memo when the ServiceContext has one, else
// through a memo of its own (so a request still reads each row once). References stay valid
// for the lookups' lifetime.
class AuthorizationLookups {
 public:
  explicit AuthorizationLookups(RequestContext& ctx);

  const std::optional<storage::UserRow>& user(std::string_view account, std::string_view name);
  const std::optional<storage::RoleRow>& role(std::string_view account, std::string_view name);
  const std::optional<storage::GroupRow>& group(std::string_view account, std::string_view name);
  const std::vector<storage::TagRow>& tags(storage::TagTarget target, int64_t entity_row);
  const PrincipalPolicies& user_policies(const storage::UserRow& user);
  const PrincipalPolicies& role_policies(const storage::RoleRow& role);
  const std::optional<storage::SessionRow>& session(std::string_view access_key_id);
  const std::optional<LoadedPolicy>& managed_policy(const std::string& arn);

 private:
  storage::Database& db_;
  std::optional<AuthorizationMemo> own_;  // only when the server keeps no memo
  AuthorizationMemo& memo_;
};

}  // namespace localiam::api
