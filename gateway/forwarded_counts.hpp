// Counts of the requests the gateway answered, for the metrics endpoint: by service, operation,
// authorisation decision and HTTP status, with the time spent (the upstream's included).
// decision_of() names the decision a GatewayRecord carries. Thread-safe (a mutex: every
// counted request has already waited for an upstream, so a lock costs nothing that shows).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace localiam::gateway {

struct GatewayRecord;

// "allowed", "denied", "would_deny" (audit), "unauthenticated" (refused before any decision),
// or "not_evaluated" (open and verify modes decide nothing).
std::string_view decision_of(const GatewayRecord& record);

class ForwardedCounts {
 public:
  void count(const GatewayRecord& record, int status, int64_t latency_us);

  // The Prometheus text of localiam_forwarded_requests_total and
  // localiam_forwarded_request_duration_seconds_{sum,count}; "" before any request.
  std::string render() const;

 private:
  struct Tally {
    uint64_t requests = 0;
    uint64_t latency_us = 0;
  };
  // service, operation, decision, status
  using Key = std::tuple<std::string, std::string, std::string, int>;
  mutable std::mutex mutex_;
  std::map<Key, Tally> tallies_;
};

}  // namespace localiam::gateway
