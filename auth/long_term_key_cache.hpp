// IAM users' long-term access keys as authentication needs them (the secret, the status and the
// owning user as a Principal), remembered between requests until generation() moves: any
// existing row of `users` or `access_keys` updated or deleted, a rollback, a reset or an import
// (storage's per-table counters; a new user or key changes no entry). A run of requests signed
// with the same key then reads no row after the first. Unknown keys are not remembered.
// find() fills the cache and needs the database lock; peek() does not, so that a signature can
// be checked before the lock is taken. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/principal.hpp"
#include "storage/database.hpp"

namespace localiam::api {

class LongTermKeyCache {
 public:
  struct Entry {
    std::string secret;
    bool active = false;
    Principal principal;      // kUser, with the key's id
    uint64_t generation = 0;  // the generation() the entry was read at
  };

  // Moves whenever an entry may have gone stale. Needs no lock.
  static uint64_t generation(const storage::Database& db);

  // The key's entry, read from the database when not remembered; nullopt for an unknown key
  // (or one whose user is gone). The caller holds the database lock.
  std::optional<Entry> find(storage::Database& db, const std::string& access_key_id);
  // The remembered entry when it is still current; nullopt otherwise. Needs no lock; the
  // caller re-checks the entry's generation under the database lock before relying on it.
  std::optional<Entry> peek(const storage::Database& db, const std::string& access_key_id);

 private:
  // Forgets everything when the generation moved or the cache is full. Holds mutex_.
  void sync_locked(uint64_t generation);

  std::mutex mutex_;
  uint64_t generation_ = 0;                         // guarded by mutex_
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace localiam::api
