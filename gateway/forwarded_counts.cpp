#include "gateway/forwarded_counts.hpp"

#include <cstdio>

#include "gateway/gateway.hpp"

namespace localiam::gateway {

namespace {

// Prometheus label values: backslash, quote and newline escaped.
std::string label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string_view decision_of(const GatewayRecord& record) {
  const std::string& a = record.authorization;
  if (a.starts_with("would deny")) return "would_deny";
  if (!a.empty()) {
    const bool refused =
        record.error_code == "AccessDenied" || record.error_code == "AccessDeniedException";
    return refused ? "denied" : "allowed";
  }
  return record.error_code.empty() || record.error_code == "ServiceUnavailable" ? "not_evaluated"
                                                                                : "unauthenticated";
}

void ForwardedCounts::count(const GatewayRecord& record, int status, int64_t latency_us) {
  Key key{record.service.empty() ? "unknown" : record.service,
          record.action.empty() ? "unknown" : record.action, std::string(decision_of(record)),
          status};
  std::lock_guard<std::mutex> lock(mutex_);
  Tally& t = tallies_[std::move(key)];
  ++t.requests;
  t.latency_us += static_cast<uint64_t>(latency_us > 0 ? latency_us : 0);
}

std::string ForwardedCounts::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tallies_.empty()) return "";
  std::string out =
      "# HELP localiam_forwarded_requests_total Requests for other services answered by the "
      "gateway (--upstream), by service, operation, authorisation decision and HTTP status.\n"
      "# TYPE localiam_forwarded_requests_total counter\n";
  std::string sums =
      "# HELP localiam_forwarded_request_duration_seconds Time from the complete request to "
      "the gateway's answer (the upstream's time included), by service, operation and "
      "decision.\n# TYPE localiam_forwarded_request_duration_seconds summary\n";
  std::map<std::tuple<std::string, std::string, std::string>, Tally> by_decision;
  for (const auto& [key, tally] : tallies_) {
    const auto& [service, action, decision, status] = key;
    const std::string labels = "service=\"" + label(service) + "\",action=\"" + label(action) +
                               "\",decision=\"" + decision + "\"";
    out += "localiam_forwarded_requests_total{" + labels + ",status=\"" + std::to_string(status) +
           "\"} " + std::to_string(tally.requests) + "\n";
    Tally& d = by_decision[{service, action, decision}];
    d.requests += tally.requests;
    d.latency_us += tally.latency_us;
  }
  for (const auto& [key, tally] : by_decision) {
    const auto& [service, action, decision] = key;
    const std::string labels = "service=\"" + label(service) + "\",action=\"" + label(action) +
                               "\",decision=\"" + decision + "\"";
    char sum[48];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(tally.latency_us) / 1e6);
    sums += "localiam_forwarded_request_duration_seconds_sum{" + labels + "} " + sum + "\n";
    sums += "localiam_forwarded_request_duration_seconds_count{" + labels + "} " +
            std::to_string(tally.requests) + "\n";
  }
  return out + sums;
}

}  // namespace localiam::gateway
