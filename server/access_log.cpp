#include "server/access_log.hpp"

#include <chrono>
#include <cstdio>

#include "common/clock.hpp"

namespace localiam::server {

std::string access_log_line(const api::RequestRecord& r, long long latency_us) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.3f", static_cast<double>(latency_us) / 1000.0);
  std::string line = "{\"time\":\"" + format_iso8601(now) + "\"";
  auto field = [&line](const char* name, std::string_view value) {
    line += ",\"";
    line += name;
    line += "\":\"";
    line += json_escape(value);
    line += '"';
  };
  field("account", r.account);
  field("principal", r.principal_arn);
  field("access_key_id", r.access_key_id);
  field("service", r.service);
  field("action", r.action);
  line += ",\"status\":" + std::to_string(r.status);
  field("error", r.error_code);
  if (!r.authorization.empty()) field("authorization", r.authorization);
  line += ",\"latency_ms\":";
  line += latency;
  field("request_id", r.request_id);
  line += '}';
  return line;
}

}  // namespace localiam::server
