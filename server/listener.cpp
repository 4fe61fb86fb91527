#include <sys/resource.h>

#include <boost/asio/post.hpp>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/server_core.hpp"
#include "server/session.hpp"

namespace localiam::server::edge {
namespace {

constexpr std::chrono::milliseconds kAcceptBackoff{100};
constexpr std::chrono::milliseconds kDrainPoll{10};

// Every connection holds a descriptor, and the usual soft limit (1024) is far below the
// connection cap: raise it toward the hard limit so that the cap, not the limit, is what stops
// new connections. (Accepting backs off when descriptors run out anyway.)
void raise_descriptor_limit(size_t connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  rlim_t wanted = static_cast<rlim_t>(connections) + 256;  // the database, logs, the listener
  if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max) wanted = limit.rlim_max;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
    log_line(log::Level::kWarn, "cannot raise the open-file limit");
}

std::string suppressed_note(size_t suppressed) {
  return suppressed ? " (" + std::to_string(suppressed) + " similar suppressed)" : std::string();
}

}  // namespace

bool LogThrottle::allow(size_t& suppressed) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::seconds(1)) {
    ++suppressed_;
    return false;
  }
  last_ = now;
  suppressed = std::exchange(suppressed_, 0);
  return true;
}

ServerCore::ServerCore(HttpServerOptions options, Router router)
    : options_(std::move(options)),
      router_(std::move(router)),
      ioc_(std::max(1, options_.threads)),
      control_(net::make_strand(ioc_)),
      acceptor_(control_),
      accept_backoff_(control_),
      drain_timer_(control_) {}

ServerCore::~ServerCore() {
  stop();
  // run() may be executing on another thread; Impl must outlive it. It returns once the
  // drain completes or its deadline passes.
  std::unique_lock lock(run_mutex_);
  run_cv_.wait(lock, [this] { return !running_; });
}

void ServerCore::listen() {
  raise_descriptor_limit(options_.max_connections);
  const std::string port_text = std::to_string(options_.port);
  std::vector<tcp::endpoint> endpoints;
  error_code ec;
  const net::ip::address address = net::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoints.emplace_back(address, options_.port);
  } else {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, port_text, tcp::resolver::passive, ec);
    if (ec) throw std::runtime_error("cannot resolve " + options_.host + ": " + ec.message());
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  }

  std::string last_error = "no address";
  for (const tcp::endpoint& endpoint : endpoints) {
    Acceptor acceptor(control_);
    error_code bind_ec;
    acceptor.open(endpoint.protocol(), bind_ec);
    if (!bind_ec) acceptor.set_option(net::socket_base::reuse_address(true), bind_ec);
    if (!bind_ec) acceptor.bind(endpoint, bind_ec);
    if (!bind_ec) acceptor.listen(net::socket_base::max_listen_connections, bind_ec);
    if (!bind_ec) {
      acceptor_ = std::move(acceptor);
      port_ = acceptor_.local_endpoint().port();
      // Before the caller announces the address: a SIGTERM sent as soon as the "listening" line
      // is read must stop the server in order, not kill it with the default disposition.
      watch_signals();
      do_accept();
      return;
    }
    last_error = bind_ec.message();
  }
  throw std::runtime_error("cannot listen on " + options_.host + ":" + port_text + ": " +
                           last_error);
}

void ServerCore::do_accept() {
  // Each connection gets its own strand; the completion runs on the acceptor's, control_.
  acceptor_.async_accept(net::make_strand(ioc_), [this](error_code ec, Socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void ServerCore::on_accept(error_code ec, Socket socket) {
  if (stopped_) {
    error_code ignored;
    socket.close(ignored);
    return;
  }
  if (ec) {
    if (size_t suppressed; accept_error_log_.allow(suppressed))
      log_line(log::Level::kWarn, "accept: " + ec.message() + suppressed_note(suppressed));
    // Out of descriptors or memory: retrying at once would spin; give sessions time to end.
    if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
        ec == net::error::no_memory || ec == boost::system::errc::too_many_files_open_in_system) {
      accept_backoff_.expires_after(kAcceptBackoff);
      accept_backoff_.async_wait([this](error_code wait_ec) {
        if (!wait_ec && !stopped_) do_accept();
      });
      return;
    }
    return do_accept();
  }

  if (open_sessions_.load(std::memory_order_acquire) >= options_.max_connections) {
    error_code ignored;
    socket.close(ignored);
    if (size_t suppressed; limit_log_.allow(suppressed))
      log_line(log::Level::kWarn, "connection limit (" + std::to_string(options_.max_connections) +
                                      ") reached; closing new connections" +
                                      suppressed_note(suppressed));
  } else {
    try {
      std::make_shared<Session>(std::move(socket), *this)->start();
    } catch (const std::exception& e) {
      log_line(log::Level::kError, std::string("cannot start session: ") + e.what());
    }
  }
  do_accept();
}

void ServerCore::watch_signals() {
  signals_.emplace(control_, SIGINT, SIGTERM);
  signals_->async_wait([this](error_code ec, int signal_number) {
    if (ec) return;
    log_line(log::Level::kInfo, "signal " + std::to_string(signal_number) + " received; stopping");
    stop();
  });
}

void ServerCore::run() {
  {
    std::lock_guard lock(run_mutex_);
    running_ = true;
  }
  if (!signals_) watch_signals();

  auto work = [this] {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        // A handler let something escape; the loop must keep serving the other connections.
        log_line(log::Level::kError, std::string("event loop: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  const int extra = std::max(1, options_.threads) - 1;
  threads.reserve(static_cast<size_t>(extra));
  for (int i = 0; i < extra; ++i) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();

  // Back to the default disposition: a second Ctrl-C after run() returns ends the process.
  signals_.reset();
  // Notify under the lock: the destructor may be waiting, and must not destroy run_cv_ while
  // this thread is still inside notify_all().
  std::lock_guard lock(run_mutex_);
  running_ = false;
  run_cv_.notify_all();
}

void ServerCore::begin_stop() {
  if (stopped_) return;
  stopped_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  accept_backoff_.cancel();
  if (signals_) signals_->cancel(ignored);
  // Collected under the lock, notified outside it: dropping what may be a session's last
  // reference runs its destructor, which takes sessions_mutex_ itself.
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex_);
    live.reserve(sessions_.size());
    for (const auto& weak : sessions_)
      if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  for (const auto& session : live) session->begin_shutdown();
  live.clear();
  if (options_.on_stop) options_.on_stop();
  // Every session operation runs under a deadline of at most read_timeout, so the drain ends
  // by itself; the deadline only guards against the unexpected.
  drain_deadline_ = std::chrono::steady_clock::now() + options_.read_timeout + kMaxDrainTime +
                    std::chrono::seconds(1);
  check_drained();
}

// Polled rather than signalled by the last session's destructor, which may run while the
// io_context itself is being destroyed and must not post work to it.
void ServerCore::check_drained() {
  if (open_sessions_.load(std::memory_order_acquire) == 0 ||
      std::chrono::steady_clock::now() >= drain_deadline_) {
    ioc_.stop();
    return;
  }
  drain_timer_.expires_after(kDrainPoll);
  drain_timer_.async_wait([this](error_code) { check_drained(); });
}

}  // namespace localiam::server::edge
