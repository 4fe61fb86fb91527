#include "server/http_server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/log.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/resource.h>

namespace localiam::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using beast::error_code;
// Concrete executor types rather than any_io_executor: the type-erased executor showed up in
// profiles, copied and destroyed several times per request.
using Strand = net::strand<net::io_context::executor_type>;
using Socket = tcp::socket::rebind_executor<Strand>::other;
using Acceptor = tcp::acceptor::rebind_executor<Strand>::other;
using Stream = beast::basic_stream<tcp, Strand>;

// Cap on what a lingering close reads and throws away after an error response: enough for a
// client that was still sending an oversized body, without letting one hold us for long.
constexpr size_t kMaxDrainBytes = 8 * 1024 * 1024;
constexpr std::chrono::seconds kMaxDrainTime{2};
constexpr std::chrono::milliseconds kAcceptBackoff{100};
constexpr std::chrono::milliseconds kDrainPoll{10};
// After a request or response this large, freed heap memory goes back to the OS: glibc keeps it
// in its arenas otherwise, and a few huge requests would leave the server's memory high for good.
constexpr size_t kTrimAfterBytes = 1024 * 1024;

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
    log::message(log::Level::kWarn, "http: cannot raise the open-file limit");
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

// TODO(logging): route through the project logger once one exists; kept in one place so the
// swap is a single edit.
void log_line(std::string_view level, std::string_view message) {
  log::message(level == "error"  ? log::Level::kError
               : level == "info" ? log::Level::kInfo
                                 : log::Level::kWarn,
               "http: " + std::string(message));
}

// At most one line a second: an accept error or the connection limit can repeat thousands of
// times a second under load, and the log must stay readable.
class LogThrottle {
 public:
  // True if a line may be written now; `suppressed` is set to the lines dropped since.
  bool allow(size_t& suppressed) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) {
      ++suppressed_;
      return false;
    }
    last_ = now;
    suppressed = std::exchange(suppressed_, 0);
    return true;
  }

 private:
  std::chrono::steady_clock::time_point last_{};
  size_t suppressed_ = 0;
};

std::string suppressed_note(size_t suppressed) {
  return suppressed ? " (" + std::to_string(suppressed) + " similar suppressed)" : std::string();
}

// RFC 1123 date for the Date header. Formatted by hand (strftime's %a/%b follow the locale)
// and cached per thread, so the hot path formats at most once a second per thread.
std::string_view http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local char text[64];
  thread_local size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    length = n > 0 ? std::min(static_cast<size_t>(n), sizeof text - 1) : 0;
    cached_second = now;
  }
  return {text, length};
}

// Headers whose value the server owns: framing and identity. A handler's copy is ignored so
// that a response can never carry two conflicting Content-Lengths.
bool server_owned_header(std::string_view name) {
  return header_name_equals(name, "Content-Length") ||
         header_name_equals(name, "Transfer-Encoding") || header_name_equals(name, "Connection") ||
         header_name_equals(name, "Date") || header_name_equals(name, "Server");
}

// RFC 9110 token characters, the only ones allowed in a header name.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

// A CR or LF in a value would let it end the header block early (response splitting).
bool valid_header_value(std::string_view value) {
  return value.find_first_of("\r\n") == std::string_view::npos;
}

void append_number(std::string& out, uint64_t n) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, result.ptr);
}

// Writes the status line and header block. Done by hand rather than through Beast's
// serializer: the response shape is fixed and small, and the serializer's buffer-sequence
// machinery cost more than the rest of the write path in profiles. `head` keeps its capacity
// from one response to the next, so this allocates nothing in the steady state.
void compose_head(std::string& head, unsigned version, int status, std::string_view content_type,
                  const HeaderList& extra, std::optional<size_t> content_length, bool keep_alive) {
  head.clear();
  head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(head, static_cast<uint64_t>(status));
  head += ' ';
  const std::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
  head += reason.starts_with('<') ? std::string_view("Unknown") : reason;
  head += "\r\nServer: localiam\r\nDate: ";
  head += http_date();
  head += "\r\n";
  if (!content_type.empty() && valid_header_value(content_type)) {
    head += "Content-Type: ";
    head += content_type;
    head += "\r\n";
  }
  for (const auto& [name, value] : extra) {
    if (server_owned_header(name)) continue;
    if (!valid_header_name(name) || !valid_header_value(value)) {
      log_line("error", "dropped malformed response header \"" + name + "\"");
      continue;
    }
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (content_length) {
    head += "Content-Length: ";
    append_number(head, *content_length);
    head += "\r\n";
  }
  // HTTP/1.1 is persistent unless told otherwise, HTTP/1.0 the reverse.
  if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
}

std::string remote_ip_of(const Socket& socket) {
  error_code ec;
  const tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return {};
  net::ip::address address = ep.address();
  // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; callers expect a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  return address.to_string();
}

class Session;
using SessionRegistry = std::list<std::weak_ptr<Session>>;

class ServerCore {
 public:
  ServerCore(HttpServerOptions options, RequestHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        ioc_(std::max(1, options_.threads)),
        control_(net::make_strand(ioc_)),
        acceptor_(control_),
        accept_backoff_(control_),
        drain_timer_(control_) {}

  ~ServerCore() {
    stop();
    // run() may be executing on another thread; Impl must outlive it. It returns once the
    // drain completes or its deadline passes.
    std::unique_lock lock(run_mutex_);
    run_cv_.wait(lock, [this] { return !running_; });
  }

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
  HttpResponse call_handler(HttpRequest&& request) const { return handler_(std::move(request)); }

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
  const RequestHandler handler_;

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

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket&& socket, ServerCore& server)
      : server_(server),
        executor_(socket.get_executor()),
        remote_ip_(remote_ip_of(socket)),
        stream_(std::move(socket)) {
    server_.session_opened();
    error_code ignored;
    // Responses go out as one gather write; disabling Nagle keeps a 100 Continue or a write
    // that follows a partial one from waiting on the peer's delayed ACK.
    stream_.socket().set_option(tcp::no_delay(true), ignored);
  }

  ~Session() { server_.session_closed(registry_entry_); }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    registry_entry_ = server_.register_session(weak_from_this());
    net::dispatch(executor_, beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

  // Posted by the server on stop. Idle keep-alive connections close now; a request already
  // under way is answered (with Connection: close) before the connection closes.
  void begin_shutdown() {
    net::post(executor_, [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->reading_ && !self->request_started()) self->stream_.cancel();
    });
  }

 private:
  bool request_started() const { return buffer_.size() > 0 || (parser_ && parser_->got_some()); }

  void do_read() {
    const HttpServerOptions& options = server_.options();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(options.body_limit);
    // Eager: a small request whose body arrives with its header completes in one read, so
    // the common case needs no second read operation.
    parser_->eager(true);
    reading_ = true;
    if (stopping_) return close();
    stream_.expires_after(options.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(error_code ec, size_t) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle_request();
    const auto& request = parser_->get();
    if (request.version() >= 11) {
      auto expect = request.find(http::field::expect);
      if (expect != request.end() && beast::iequals(expect->value(), "100-continue")) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        stream_.expires_after(server_.options().read_timeout);
        net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                         beast::bind_front_handler(&Session::on_continue_sent, shared_from_this()));
        return;
      }
    }
    read_body();
  }

  void on_continue_sent(error_code ec, size_t) {
    if (ec) return close();
    read_body();
  }

  void read_body() {
    stream_.expires_after(server_.options().read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(error_code ec, size_t) {
    if (ec) return on_read_error(ec);
    handle_request();
  }

  void on_read_error(error_code ec) {
    reading_ = false;
    if (ec == http::error::end_of_stream) return half_close();
    if (ec == http::error::body_limit) return send_error(413, "Request body too large\n");
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return send_error(431, "Request header fields too large\n");
    // partial_message means the peer vanished mid-request: nobody is left to read a 400.
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::partial_message)
      return send_error(400, "Bad Request\n");
    // Timeouts, resets, cancellation on stop: nothing useful to say to the peer.
    close();
  }

  void handle_request() {
    reading_ = false;
    http::request<http::string_body> message = parser_->release();

    HttpRequest request;
    request.method.assign(message.method_string());
    request.target.assign(message.target());
    request.headers.reserve(
        static_cast<size_t>(std::distance(message.base().begin(), message.base().end())));
    for (const auto& field : message.base())
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    large_ = request.body.size() >= kTrimAfterBytes;
    request.remote_ip = remote_ip_;

    const unsigned version = message.version() == 10 ? 10 : 11;
    const bool client_keep_alive = message.keep_alive();
    const bool head = message.method() == http::verb::head;

    HttpResponse response;
    try {
      response = server_.call_handler(std::move(request));
    } catch (const std::exception& e) {
      log_line("error", std::string("request handler threw: ") + e.what());
      response = internal_error();
    } catch (...) {
      log_line("error", "request handler threw a non-standard exception");
      response = internal_error();
    }
    if (response.status < 200 || response.status > 599) {
      log_line("error",
               "request handler returned invalid status " + std::to_string(response.status));
      response = internal_error();
    }

    if (!response.before_send)
      return send_response(std::move(response), version, client_keep_alive, head);
    // The response waits for its group commit. Posting it lets requests that are already
    // waiting on this thread run first and join the same group, so that one COMMIT serves all.
    net::post(stream_.get_executor(), [self = shared_from_this(), response = std::move(response),
                                       version, client_keep_alive, head]() mutable {
      try {
        auto before_send = std::move(response.before_send);
        before_send(response);
      } catch (const std::exception& e) {
        log_line("error", std::string("before_send threw: ") + e.what());
        response = internal_error();
      }
      self->send_response(std::move(response), version, client_keep_alive, head);
    });
  }

  void send_response(HttpResponse response, unsigned version, bool client_keep_alive, bool head) {
    // The server-wide flag, not stopping_: the session hears of a stop only after this handler
    // returns, and a response finished during the stop should already say Connection: close.
    const bool keep_alive = client_keep_alive && !server_.stopping();
    std::optional<size_t> content_length;
    body_.clear();
    // 204 and 304 carry neither a body nor a length.
    if (response.status != 204 && response.status != 304) {
      content_length = response.body.size();
      // HEAD announces the length of the body it does not send.
      if (!head) body_ = std::move(response.body);
    }
    compose_head(head_, version, response.status, response.content_type, response.headers,
                 content_length, keep_alive);
    write_response(!keep_alive);
  }

  static HttpResponse internal_error() {
    HttpResponse response;
    response.status = 500;
    response.content_type = "text/plain";
    response.body = "Internal Server Error\n";
    return response;
  }

  void write_response(bool close_after) {
    stream_.expires_after(server_.options().read_timeout);
    // One gather write: head and body leave in a single sendmsg.
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(
        stream_, buffers,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), close_after));
  }

  void on_write(bool close_after, error_code ec, size_t) {
    // Free the body now rather than at the next request: an idle keep-alive connection should
    // not hold on to a large response.
    large_ = large_ || body_.size() >= kTrimAfterBytes;
    std::string().swap(body_);
    if (std::exchange(large_, false)) release_free_memory();
    if (ec) return close();
    if (close_after || stopping_) return half_close();
    do_read();
  }

  // Answers a request we could not read, then closes. The parser may be mid-message, so the
  // connection cannot be reused.
  void send_error(int status, std::string_view text) {
    body_.assign(text);
    static const HeaderList kNoHeaders;
    compose_head(head_, 11, status, "text/plain", kNoHeaders, body_.size(), false);
    stream_.expires_after(server_.options().read_timeout);
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(stream_, buffers,
                     beast::bind_front_handler(&Session::on_error_sent, shared_from_this()));
  }

  // Closing a socket with unread input makes the kernel send RST, which can destroy the error
  // response before the client reads it (typical for a 413 while the client is still sending
  // its body). So: half-close, then read and discard for a bounded time before closing.
  void on_error_sent(error_code ec, size_t) {
    std::string().swap(body_);
    if (ec) return close();
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.consume(buffer_.size());
    drained_ = 0;
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(
        server_.options().read_timeout, kMaxDrainTime));
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(64 * 1024),
                            beast::bind_front_handler(&Session::on_drain, shared_from_this()));
  }

  void on_drain(error_code ec, size_t n) {
    drained_ += n;
    if (ec || drained_ > kMaxDrainBytes) return close();
    drain();
  }

  void half_close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // The session ends here; its destructor closes the socket.
  }

  void close() { stream_.close(); }

  ServerCore& server_;
  const Strand executor_;  // the session's strand
  const std::string remote_ip_;
  Stream stream_;
  beast::flat_buffer buffer_;  // kept across requests: holds pipelined bytes, keeps capacity
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_;  // status line and headers of the response being written
  std::string body_;  // body of the response being written
  std::optional<SessionRegistry::iterator> registry_entry_;
  size_t drained_ = 0;
  bool large_ = false;     // the request or response being handled is large (kTrimAfterBytes)
  bool reading_ = false;   // a read for the next request is pending
  bool stopping_ = false;  // the server is stopping: answer what is under way, then close
};

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
  // Each connection gets its own strand.
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
      log_line("warning", "accept: " + ec.message() + suppressed_note(suppressed));
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
      log_line("warning", "connection limit (" + std::to_string(options_.max_connections) +
                              ") reached; closing new connections" + suppressed_note(suppressed));
  } else {
    try {
      std::make_shared<Session>(std::move(socket), *this)->start();
    } catch (const std::exception& e) {
      log_line("error", std::string("cannot start session: ") + e.what());
    }
  }
  do_accept();
}

void ServerCore::watch_signals() {
  signals_.emplace(control_, SIGINT, SIGTERM);
  signals_->async_wait([this](error_code ec, int signal_number) {
    if (ec) return;
    log_line("info", "signal " + std::to_string(signal_number) + " received; stopping");
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
        log_line("error", std::string("event loop: ") + e.what());
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

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions options, RequestHandler handler)
      : core(std::move(options), std::move(handler)) {}
  ServerCore core;
};

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

void HttpServer::listen() { impl_->core.listen(); }

uint16_t HttpServer::port() const { return impl_->core.port(); }

void HttpServer::run() { impl_->core.run(); }

void HttpServer::stop() { impl_->core.stop(); }

}  // namespace localiam::server
