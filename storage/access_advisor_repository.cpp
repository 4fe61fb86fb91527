#include "storage/access_advisor_repository.hpp"

namespace localiam::storage {

std::optional<int64_t> AccessAdvisorRepository::last_recorded(std::string_view entity_id,
                                                              std::string_view service,
                                                              std::string_view action) {
  Statement s = db_.prepare(
      "SELECT last_accessed FROM service_access WHERE entity_id = ? AND service = ? AND "
      "action = ?");
  s.bind(1, entity_id).bind(2, service).bind(3, action);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

void AccessAdvisorRepository::record(const ServiceAccessRow& row) {
  db_.prepare(
         "INSERT INTO service_access (account_id, entity_id, service, action, region, "
         "last_accessed) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(entity_id, service, action) DO "
         "UPDATE SET region = excluded.region, last_accessed = excluded.last_accessed")
      .bind(1, row.account_id)
      .bind(2, row.entity_id)
      .bind(3, row.service)
      .bind(4, row.action)
      .bind(5, row.region)
      .bind(6, row.last_accessed)
      .run();
}

std::vector<ServiceAccessRow> AccessAdvisorRepository::for_entity(std::string_view entity_id) {
  Statement s = db_.prepare(
      "SELECT account_id, entity_id, service, action, region, last_accessed FROM service_access "
      "WHERE entity_id = ? ORDER BY service, action");
  s.bind(1, entity_id);
  std::vector<ServiceAccessRow> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)});
  return out;
}

void AccessAdvisorRepository::add_job(const AccessAdvisorJob& job) {
  db_.prepare(
         "INSERT INTO access_advisor_jobs (job_id, account_id, entity_arn, granularity, "
         "create_date) VALUES (?, ?, ?, ?, ?)")
      .bind(1, job.job_id)
      .bind(2, job.account_id)
      .bind(3, job.entity_arn)
      .bind(4, job.granularity)
      .bind(5, job.create_date)
      .run();
}

std::optional<AccessAdvisorJob> AccessAdvisorRepository::job(std::string_view job_id) {
  Statement s = db_.prepare(
      "SELECT job_id, account_id, entity_arn, granularity, create_date FROM access_advisor_jobs "
      "WHERE job_id = ?");
  s.bind(1, job_id);
  if (!s.step()) return std::nullopt;
  return AccessAdvisorJob{s.text(0), s.text(1), s.text(2), s.text(3), s.integer(4)};
}

}  // namespace localiam::storage
