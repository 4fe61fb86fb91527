#include "auth/access_tracker.hpp"

#include <string>

#include "storage/access_advisor_repository.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kRecordInterval = 15 * 60;

}  // namespace

std::string_view tracked_entity_id(const Principal& caller) {
  switch (caller.kind) {
    case PrincipalKind::kRoot:
      return caller.account_id;
    case PrincipalKind::kUser:
    case PrincipalKind::kAssumedRole: {
      // Assumed roles are "AROA…:session"; the role is what the report names.
      std::string_view id = caller.user_id;
      return id.substr(0, id.find(':'));
    }
    case PrincipalKind::kFederatedUser:
      break;
  }
  return {};
}

uint64_t record_access(storage::Database& db, UsageMemo& memo, const Principal& caller,
                       std::string_view service, std::string_view action, std::string_view region,
                       int64_t now) {
  const std::string_view entity = tracked_entity_id(caller);
  if (entity.empty() || db.commits_failing()) return 0;
  auto last = memo.last_accessed(entity, service, action);
  if (last && now - *last < kRecordInterval && now >= *last) return 0;
  storage::Savepoint savepoint(db);
  memo.record_access({caller.account_id, std::string(entity), std::string(service),
                      std::string(action), std::string(region), now});
  savepoint.release();
  return savepoint.group();
}

}  // namespace localiam::api
