// Access key last use (GetAccessKeyLastUsed): the dispatcher reports every request signed with
// an IAM user's long-term key, and the key's last use (server-clock time, service, region) is
// stored when the service or region changed or the stored one is over 15 minutes old, so that
// most requests do not write.
#pragma once

#include <cstdint>
#include <string_view>

#include "auth/principal.hpp"
#include "auth/usage_memo.hpp"
#include "storage/database.hpp"

namespace localiam::api {

// Records the use in its own savepoint when due, reading and writing the stamp through `memo`
// (bound to `db`).
// Returns the group transaction holding the write (the response must wait for it), or 0 when
// nothing was written. The caller holds the lock.
uint64_t record_key_use(storage::Database& db, UsageMemo& memo, const Principal& caller,
                        std::string_view service, std::string_view region, int64_t now);

}  // namespace localiam::api
