// UsageMemo: a copy of the usage stamps every authenticated request checks (when a principal
// last called an action, when and where an access key was last used), kept between requests so
// that a request whose use was stamped moments ago costs no database read. Reads go through it
// and its own writes go through it; anything else that may have changed the rows (another
// writer, a rollback, a failed group commit, a reset, an import) moves storage's change counter
// of service_access or access_keys, and the memo of that table starts over. Bound to one
// database, which outlives it. Not thread-safe: the caller holds the database lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/access_advisor_repository.hpp"
#include "storage/credential_repository.hpp"
#include "storage/database.hpp"

namespace localiam::api {

class UsageMemo {
 public:
  explicit UsageMemo(storage::Database& db);

  // When `entity_id` last called service:action as recorded, or nullopt.
  std::optional<int64_t> last_accessed(std::string_view entity_id, std::string_view service,
                                       std::string_view action);
  // Records (or moves forward) the access in the database and remembers it.
  void record_access(const storage::ServiceAccessRow& row);

  // The key's last use as recorded, or nullopt (never used, or no such key).
  std::optional<storage::AccessKeyUse> key_use(std::string_view access_key_id);
  // Records the key's use in the database and remembers it.
  void record_key_use(std::string_view access_key_id, const storage::AccessKeyUse& use);

 private:
  // The remembered stamps of one table, valid while its change counter stays `changes`.
  template <typename Value>
  struct Table {
    explicit Table(storage::TableChanges::Watch w) : watch(w) {}
    storage::TableChanges::Watch watch;
    uint64_t changes = 0;
    bool started = false;
    std::unordered_map<std::string, Value> stamps;
    // Forgets everything unless the counter has not moved and there is room.
    void sync();
    // After the memo's own write, the only change since sync(), whose outcome it holds.
    void wrote() { changes = watch.changes(); }
  };

  storage::Database& db_;
  Table<int64_t> accesses_;                // entity \0 service \0 action -> when
  Table<storage::AccessKeyUse> key_uses_;  // by access key ID
};

}  // namespace localiam::api
