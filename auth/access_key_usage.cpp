#include "auth/access_key_usage.hpp"

#include <string>

#include "storage/credential_repository.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kRecordInterval = 15 * 60;

}  // namespace

uint64_t record_key_use(storage::Database& db, UsageMemo& memo, const Principal& caller,
                        std::string_view service, std::string_view region, int64_t now) {
  if (caller.kind != PrincipalKind::kUser || caller.temporary || caller.access_key_id.empty() ||
      db.commits_failing())
    return 0;
  auto last = memo.key_use(caller.access_key_id);
  if (last && last->service == service && last->region == region && now >= last->date &&
      now - last->date < kRecordInterval)
    return 0;
  storage::Savepoint savepoint(db);
  memo.record_key_use(caller.access_key_id,
                      storage::AccessKeyUse{now, std::string(service), std::string(region)});
  savepoint.release();
  return savepoint.group();
}

}  // namespace localiam::api
