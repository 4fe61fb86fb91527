// `localiam health`, `localiam decisions` (and --follow) and `localiam suggest-policy`: ask a
// running localiam for an admin endpoint (GET /_localiam/health, /_localiam/decisions, …) over
// plain TCP (POSIX sockets, no HTTP library), so that a container's HEALTHCHECK needs neither
// curl nor wget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace localiam::server {

struct HealthAnswer {
  bool healthy = false;  // HTTP 200 with "status":"ok"
  std::string detail;    // the body, or why there is none
};

struct AdminAnswer {
  bool answered = false;  // false: `error` says why (cannot connect, timed out)
  std::string error;
  std::string where;        // "HOST:PORT"
  std::string status_line;  // "HTTP/1.1 200 OK"
  int status = 0;
  std::string body;  // without trailing newlines
};

// GET `path` (with "Authorization: Bearer TOKEN" when `token` is set), reading at most
// `max_bytes` of the answer. 0.0.0.0 and :: mean this machine.
AdminAnswer admin_get(const std::string& host, uint16_t port, const std::string& path,
                      const std::string& token, int timeout_seconds, size_t max_bytes);

// GET `path`, a stream of server-sent events: calls `on_open` once the stream is accepted, then
// `on_event` with the data of each event as it comes, until the server ends the stream or the
// connection closes. `timeout_seconds` bounds the wait for the answer's head only. A refusal
// (not 200) comes back whole in the answer.
AdminAnswer admin_follow(const std::string& host, uint16_t port, const std::string& path,
                         const std::string& token, int timeout_seconds,
                         const std::function<void()>& on_open,
                         const std::function<void(std::string_view data)>& on_event);

// Connects to host:port (0.0.0.0 and :: mean this machine) and waits up to `timeout_seconds`.
HealthAnswer probe_health(const std::string& host, uint16_t port, int timeout_seconds);

}  // namespace localiam::server
