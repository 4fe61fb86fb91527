// UpstreamPool: idle keep-alive connections to the upstreams, so that a forwarded request does
// not pay a TCP handshake. Bounded (at most `max_idle` idle connections in all), an idle
// connection older than `idle_timeout`, or one the upstream closed meanwhile, is dropped when
// met; only a connection whose exchange ended cleanly (UpstreamConnection::reusable()) is taken
// back: one that failed, or carried a streamed exchange that was aborted, is closed. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "gateway/upstream_connection.hpp"

namespace localiam::gateway {

class UpstreamPool {
 public:
  struct Limits {
    size_t max_idle = 64;
    std::chrono::milliseconds idle_timeout{15000};
  };
  UpstreamPool() = default;
  explicit UpstreamPool(Limits limits) : limits_(limits) {}

  // An idle connection to `upstream` that still looks alive, or a new one (not connected yet).
  std::unique_ptr<UpstreamConnection> take(const UpstreamUrl& upstream);
  // Keeps `connection` for the next take() when it is reusable and there is room; else closes it.
  void give_back(std::unique_ptr<UpstreamConnection> connection);
  size_t idle() const;

  // The process-wide pool send_upstream() and the gateway use.
  static UpstreamPool& shared();

 private:
  Limits limits_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<UpstreamConnection>> idle_;  // guarded by mutex_; oldest first
};

}  // namespace localiam::gateway
