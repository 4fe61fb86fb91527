// Request metrics for GET /_localiam/metrics, in Prometheus's text format: AWS requests by
// service, action and HTTP status, a latency histogram per action, errors by AWS error code,
// authentication and authorisation failures by reason, and (given by the caller at scrape time)
// rows per table, and the gateway's forwarded requests when one is shown (show_forwarded).
// record() is lock-free and allocation-free: relaxed atomic counters in a fixed
// table whose slots are claimed once per action with a compare-and-swap.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/request_record.hpp"

namespace localiam::api {
struct Action;
}
namespace localiam::gateway {
class ForwardedCounts;
}

namespace localiam::server {

class Metrics {
 public:
  static constexpr std::array<int, 10> kStatuses = {200, 400, 403, 404, 405, 409, 413, 500, 503, 0};
  // Upper bounds of the latency buckets, in microseconds (the last bucket is +Inf).
  static constexpr std::array<int64_t, 12> kBucketsUs = {
      500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000};

  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one AWS request; `latency_us` from the complete request to the response.
  void record(const api::RequestRecord& record, int64_t latency_us);

  // Renders the gateway's counts too (localiam_forwarded_…); `counts` must outlive this.
  void show_forwarded(const gateway::ForwardedCounts* counts) { forwarded_ = counts; }

  // The exposition text. `rows_per_table` becomes the localiam_entities gauge.
  std::string render(const std::vector<std::pair<std::string, int64_t>>& rows_per_table) const;

 private:
  struct Slot {
    std::atomic<const api::Action*> action{nullptr};
    std::atomic<uint64_t> by_status[kStatuses.size()] = {};
    std::atomic<uint64_t> buckets[kBucketsUs.size() + 1] = {};
    std::atomic<uint64_t> latency_sum_us{0};
  };
  static constexpr size_t kSlots = 1024;  // more than IAM and STS have actions
  // Requests whose action is unknown (or missing) get the two fallback slots, by service.
  Slot* slot_for(const api::RequestRecord& record);

  std::unique_ptr<Slot[]> slots_;
  Slot unknown_iam_, unknown_sts_;
  std::unique_ptr<std::atomic<uint64_t>[]> errors_;  // by index in the AWS error table
  int64_t started_ = 0;
  const gateway::ForwardedCounts* forwarded_ = nullptr;
};

}  // namespace localiam::server
