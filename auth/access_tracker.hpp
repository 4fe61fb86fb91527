// Service last accessed tracking: the dispatcher reports every authenticated IAM/STS request
// here, and the caller's IAM identity (user, role, or the account root) gets its last access
// to service:action recorded. As AWS does for access keys, a use is recorded only when the
// previous one is more than 15 minutes old, so that reads rarely write. Federated users are
// not IAM identities and are not recorded.
#pragma once

#include <cstdint>
#include <string_view>

#include "auth/principal.hpp"
#include "auth/usage_memo.hpp"
#include "storage/database.hpp"

namespace localiam::api {

// The id reports know the caller by: the user's AIDA… id, the role's AROA… id, the account id
// for the root; "" for a federated user.
std::string_view tracked_entity_id(const Principal& caller);

// Records the access in its own savepoint when due, reading and writing the stamp through
// `memo` (bound to `db`). Returns the group transaction that holds the
// write (the response must wait for it), or 0 when nothing was written. The caller holds the
// database lock.
uint64_t record_access(storage::Database& db, UsageMemo& memo, const Principal& caller,
                       std::string_view service, std::string_view action, std::string_view region,
                       int64_t now);

}  // namespace localiam::api
