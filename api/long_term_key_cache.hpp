// IAM users' long-term access keys as authentication needs them (the secret, the status and the
// owning user as a Principal), remembered between requests until
// storage::Database::credentials_generation() moves: any row of `users` or `access_keys`
// written, a rollback, a reset or an import. A run of requests signed with the same key then
// reads no row after the first. Unknown keys are not remembered. Callers hold the database lock.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "api/principal.hpp"
#include "storage/database.hpp"

namespace localiam::api {

class LongTermKeyCache {
 public:
  struct Entry {
    std::string secret;
    bool active = false;
    Principal principal;  // kUser, with the key's id
  };

  // The key's entry, read from the database when not remembered; nullptr for an unknown key
  // (or one whose user is gone).
  const Entry* find(storage::Database& db, const std::string& access_key_id);

 private:
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace localiam::api
