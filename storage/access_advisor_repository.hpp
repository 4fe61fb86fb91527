// Service last accessed data: when each principal (entity_id: an IAM user's AIDA… id, a
// role's AROA… id, or the account id for the root) last called each action of each service
// through localiam, and the report jobs GenerateServiceLastAccessedDetails starts.
// Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

struct ServiceAccessRow {
  std::string account_id, entity_id, service, action, region;
  int64_t last_accessed = 0;
};

struct AccessAdvisorJob {
  std::string job_id, account_id, entity_arn, granularity;
  int64_t create_date = 0;
};

class AccessAdvisorRepository {
 public:
  explicit AccessAdvisorRepository(Database& db) : db_(db) {}

  // When `entity_id` last called service:action as recorded, or nullopt.
  std::optional<int64_t> last_recorded(std::string_view entity_id, std::string_view service,
                                       std::string_view action);
  // Records (or moves forward) the last access of row.entity_id to row.service:row.action.
  void record(const ServiceAccessRow& row);
  // Every recorded access of the principal, by service then action.
  std::vector<ServiceAccessRow> for_entity(std::string_view entity_id);

  void add_job(const AccessAdvisorJob& job);
  std::optional<AccessAdvisorJob> job(std::string_view job_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
