// `localiam health`: asks a running localiam for GET /_localiam/health over plain TCP (POSIX
// sockets, no HTTP library), so that a container's HEALTHCHECK needs neither curl nor wget.
#pragma once

#include <cstdint>
#include <string>

namespace localiam::server {

struct HealthAnswer {
  bool healthy = false;  // HTTP 200 with "status":"ok"
  std::string detail;    // the body, or why there is none
};

// Connects to host:port (0.0.0.0 and :: mean this machine) and waits up to `timeout_seconds`.
HealthAnswer probe_health(const std::string& host, uint16_t port, int timeout_seconds);

}  // namespace localiam::server
