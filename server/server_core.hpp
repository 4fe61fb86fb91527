// Server-private (Beast/Asio inside): the listener. Binds, accepts connections up to the
// connection limit (backing off when descriptors run out), hands each to a Session on its own
// strand, and stops in order on stop() or SIGINT/SIGTERM: stop accepting, let the sessions
// answer what is under way, then return from run(). Included only by server/*.cpp.
#pragma once

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "server/asio_types.hpp"
#include "server/http_server.hpp"

namespace localiam::server::edge {

class Session;
using SessionRegistry = std::list<std::weak_ptr<Session>>;

// At most one line a second: an accept error or the connection limit can repeat thousands of
// times a second under load, and the log must stay readable.
class LogThrottle {
 public:
  // True if a line may be written now; `suppressed` is set to the lines dropped since.
  bool allow(size_t& suppressed);

 private:
  std::chrono::steady_clock::time_point last_{};
  size_t suppressed_ = 0;
};

class ServerCore {
 public:
  ServerCore(HttpServerOptions options, Router router);
  ~ServerCore();
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  void listen();
  uint16_t port() const { return port_; }
  void run();
  void stop() {
    if (stop_requested_.exchange(true)) return;
    net::post(control_, [this] { begin_stop(); });
  }

  const HttpServerOptions& options() const { return options_; }
  bool stopping() const { return stop_requested_.load(std::memory_order_relaxed); }
  const Route& route(const HttpRequest& head) const { return router_(head); }

  // Called by sessions from their constructor/start/destructor, on any thread.
  void session_opened() { open_sessions_.fetch_add(1, std::memory_order_relaxed); }
  SessionRegistry::iterator register_session(std::weak_ptr<Session> session) {
    std::lock_guard lock(sessions_mutex_);
    return sessions_.insert(sessions_.end(), std::move(session));
  }
  void session_closed(std::optional<SessionRegistry::iterator> entry) {
    if (entry) {
      std::lock_guard lock(sessions_mutex_);
      sessions_.erase(*entry);
    }
    open_sessions_.fetch_sub(1, std::memory_order_acq_rel);
  }

 private:
  void watch_signals();  // SIGINT and SIGTERM stop the server in order
  void do_accept();
  void on_accept(error_code ec, Socket socket);
  void begin_stop();
  void check_drained();

  const HttpServerOptions options_;
  const Router router_;

  std::atomic<bool> stop_requested_{false};
  std::atomic<size_t> open_sessions_{0};

  std::mutex sessions_mutex_;
  SessionRegistry sessions_;  // guarded by sessions_mutex_

  std::mutex run_mutex_;
  std::condition_variable run_cv_;
  bool running_ = false;  // guarded by run_mutex_

  // Declared after the registry and counters: destroying the io_context destroys sessions
  // still parked in its queues (after a forced stop), and they unregister themselves.
  net::io_context ioc_;
  // Everything below runs on control_: accepting, signals, the stop sequence.
  Strand control_;
  Acceptor acceptor_;
  net::steady_timer accept_backoff_;
  net::steady_timer drain_timer_;
  std::optional<net::signal_set> signals_;
  std::chrono::steady_clock::time_point drain_deadline_;
  LogThrottle accept_error_log_;
  LogThrottle limit_log_;
  bool stopped_ = false;
  uint16_t port_ = 0;
};

}  // namespace localiam::server::edge
