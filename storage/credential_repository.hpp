// Long-term access keys of IAM users and temporary credentials issued by STS. Lookups by
// access key ID are primary-key reads. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

// When, where and for which service an access key was last used.
struct AccessKeyUse {
  int64_t date = 0;
  std::string service, region;
};

class AccessKeyRepository {
 public:
  explicit AccessKeyRepository(Database& db) : db_(db) {}
  // The key with its owner's current user name, or nullopt.
  std::optional<AccessKeyRow> find(std::string_view access_key_id);
  void insert(const AccessKeyRow& key);
  void remove(std::string_view access_key_id);
  std::vector<AccessKeyRow> list_for_user(int64_t user_row);
  int64_t count_for_user(int64_t user_row);
  // Active | Inactive | Expired.
  void set_status(std::string_view access_key_id, std::string_view status);
  // nullopt when the key was never used (or does not exist).
  std::optional<AccessKeyUse> last_use(std::string_view access_key_id);
  void record_use(std::string_view access_key_id, const AccessKeyUse& use);
  // Whether `access_key_id` was issued here (an access key or an STS session key) and has been
  // removed since: deleted, its user deleted, or cleared by a reset or an import. A key that
  // exists again (imported or seeded under the same ID) is found by find() first.
  bool retired(std::string_view access_key_id);

 private:
  Database& db_;
};

class SessionRepository {
 public:
  explicit SessionRepository(Database& db) : db_(db) {}
  std::optional<SessionRow> find(std::string_view access_key_id);
  void insert(const SessionRow& session);
  // Removes sessions that expired before `now`; returns how many.
  int purge_expired(int64_t now);

 private:
  Database& db_;
};

}  // namespace localiam::storage
