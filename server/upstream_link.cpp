#include "server/upstream_link.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "server/session.hpp"

namespace localiam::server {

namespace {

using edge::error_code;
using edge::Strand;
namespace net = edge::net;
namespace beast = edge::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

constexpr size_t kPiece = 64 * 1024;
constexpr size_t kMaxIdle = 64;
constexpr auto kIdleTimeout = std::chrono::seconds(15);
constexpr auto kTrustedIdle = std::chrono::seconds(1);

// One keep-alive connection to an upstream. Its handlers run on the strand of the session that
// opened it; a later exchange on it from another session is one chain of operations at a time,
// so nothing runs on it concurrently.
struct Connection {
  Connection(const Strand& executor, gateway::UpstreamUrl to)
      : upstream(std::move(to)), stream(executor) {}
  gateway::UpstreamUrl upstream;
  edge::Stream stream;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};

  // No end of stream or stray bytes pending on an idle connection.
  bool idle_alive() {
    char byte;
    const ssize_t n = ::recv(stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

std::string step_failure(const char* step, const error_code& ec) {
  return std::string(step) + ": " +
         (ec == beast::error::timeout ? std::string("timed out") : ec.message());
}

}  // namespace

struct UpstreamLinks::Impl {
  std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> idle;  // guarded by mutex; oldest first

  // One on `executor` if there is one (a client's keep-alive connection mostly takes back the one
  // it gave), else any, moved onto `executor`.
  std::unique_ptr<Connection> take(const gateway::UpstreamUrl& upstream, const Strand& executor) {
    std::unique_ptr<Connection> found;
    std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
    {
      std::lock_guard<std::mutex> lock(mutex);
      const auto now = Clock::now();
      for (auto& c : idle)
        if (now - c->idle_since > kIdleTimeout) stale.push_back(std::move(c));
      std::erase(idle, nullptr);
      for (bool any : {false, true}) {
        for (auto it = idle.rbegin(); it != idle.rend() && !found; ++it) {
          if ((*it)->upstream.host == upstream.host && (*it)->upstream.port == upstream.port &&
              (any || (*it)->stream.get_executor() == executor)) {
            found = std::move(*it);
            idle.erase(std::next(it).base());
          }
        }
      }
    }
    // One idle for long may have been closed by the upstream meanwhile: looked at first. (A
    // recent one is trusted: if it fails on first use, the exchange is tried again anyway.)
    if (found && Clock::now() - found->idle_since > kTrustedIdle && !found->idle_alive())
      found.reset();
    if (found && found->stream.get_executor() != executor)
      found = moved(std::move(found), executor);
    return found;
  }

  // The same connection with its handlers on `executor`: with several server threads, the
  // strand of the session that opened it could otherwise run its timer's handler while this one
  // starts an operation.
  static std::unique_ptr<Connection> moved(std::unique_ptr<Connection> from,
                                           const Strand& executor) {
    error_code ec;
    auto socket = from->stream.release_socket();
    const auto protocol = socket.local_endpoint(ec).protocol();
    if (ec) return nullptr;
    const int fd = socket.release(ec);
    if (ec) return nullptr;
    auto to = std::make_unique<Connection>(executor, std::move(from->upstream));
    to->stream.socket().assign(protocol, fd, ec);
    if (ec) {
      ::close(fd);
      return nullptr;
    }
    return to;
  }

  void give_back(std::unique_ptr<Connection> connection) {
    connection->idle_since = Clock::now();
    std::unique_ptr<Connection> evicted;
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() >= kMaxIdle) {
      evicted = std::move(idle.front());
      idle.erase(idle.begin());
    }
    idle.push_back(std::move(connection));
  }
};

UpstreamLinks::UpstreamLinks() : impl(std::make_unique<Impl>()) {}
UpstreamLinks::~UpstreamLinks() = default;

void UpstreamLinks::clear() {
  std::vector<std::unique_ptr<Connection>> idle;
  std::lock_guard<std::mutex> lock(impl->mutex);
  idle.swap(impl->idle);
}

namespace {

class Link : public UpstreamLink, public std::enable_shared_from_this<Link> {
 public:
  Link(Strand executor, UpstreamLinks::Impl& links, gateway::UpstreamUrl upstream,
       gateway::UpstreamTimeouts timeouts, std::string wire, bool head_request, OnHead on_head)
      : executor_(std::move(executor)),
        links_(links),
        upstream_(std::move(upstream)),
        timeouts_(timeouts),
        wire_(std::move(wire)),
        head_request_(head_request),
        on_head_(std::move(on_head)) {}

  void start() {
    conn_ = links_.take(upstream_, executor_);
    reused_ = conn_ != nullptr;
    if (reused_) return send();
    connect();
  }

  void read_piece(OnPiece on_piece) override {
    if (parser_->is_done()) {
      done();
      return on_piece(true, {});
    }
    // Sized to what is announced when that is less than a piece (most answers), and not
    // zero-filled: a fresh 64 KiB per exchange showed up in profiles as page faults.
    size_t size = kPiece;
    if (auto left = parser_->content_length_remaining(); left && *left > 0 && *left < kPiece)
      size = static_cast<size_t>(*left);
    if (piece_size_ < size) {
      piece_ = std::make_unique_for_overwrite<char[]>(size);
      piece_size_ = size;
    }
    parser_->get().body().data = piece_.get();
    parser_->get().body().size = size;
    conn_->stream.expires_after(timeouts_.exchange);
    http::async_read(conn_->stream, conn_->buffer, *parser_,
                     [self = shared_from_this(), on_piece = std::move(on_piece), size](
                         error_code ec, size_t) mutable {
                       if (ec == http::error::need_buffer) ec = {};
                       if (ec) {
                         self->failure_ = step_failure("reading the answer", ec);
                         self->conn_.reset();
                         return on_piece(false, {});
                       }
                       const size_t n = size - self->parser_->get().body().size;
                       if (n == 0) return self->read_piece(std::move(on_piece));
                       on_piece(true, std::string(self->piece_.get(), n));
                     });
  }

  const std::string& failure() const override { return failure_; }

 private:
  void connect() {
    conn_ = std::make_unique<Connection>(executor_, upstream_);
    error_code ec;
    const auto address = net::ip::make_address(upstream_.host, ec);
    if (!ec) return connect_to({edge::tcp::endpoint(address, upstream_.port)});
    resolver_.emplace(executor_);
    resolver_->async_resolve(
        upstream_.host, std::to_string(upstream_.port),
        [self = shared_from_this()](error_code ec, edge::tcp::resolver::results_type results) {
          if (ec) return self->fail(step_failure("resolving its host", ec));
          std::vector<edge::tcp::endpoint> endpoints;
          for (const auto& r : results) endpoints.push_back(r.endpoint());
          self->connect_to(std::move(endpoints));
        });
  }

  void connect_to(std::vector<edge::tcp::endpoint> endpoints) {
    conn_->stream.expires_after(timeouts_.connect);
    conn_->stream.async_connect(
        endpoints, [self = shared_from_this()](error_code ec, const edge::tcp::endpoint&) {
          if (ec) return self->fail(step_failure("connecting", ec));
          self->conn_->stream.socket().set_option(edge::tcp::no_delay(true), ec);
          self->send();
        });
  }

  // A reused connection that fails before the answer's head: once more on a new one.
  bool retry() {
    if (!reused_) return false;
    reused_ = false;
    connect();
    return true;
  }

  void send() {
    conn_->stream.expires_after(timeouts_.exchange);
    net::async_write(conn_->stream, net::buffer(wire_),
                     [self = shared_from_this()](error_code ec, size_t) {
                       if (ec) {
                         if (self->retry()) return;
                         return self->fail(step_failure("sending the request", ec));
                       }
                       self->read_head();
                     });
  }

  void read_head() {
    parser_.emplace();
    parser_->body_limit(boost::none);
    if (head_request_) parser_->skip(true);
    conn_->stream.expires_after(timeouts_.exchange);
    http::async_read_header(conn_->stream, conn_->buffer, *parser_,
                            [self = shared_from_this()](error_code ec, size_t) {
                              if (ec) {
                                if (self->retry()) return;
                                return self->fail(step_failure("reading the answer", ec));
                              }
                              self->on_head();
                            });
  }

  void on_head() {
    const auto& res = parser_->get();
    std::vector<std::pair<std::string_view, std::string_view>> fields;
    for (const auto& field : res)
      fields.emplace_back(std::string_view(field.name_string().data(), field.name_string().size()),
                          std::string_view(field.value().data(), field.value().size()));
    std::optional<uint64_t> length;
    if (auto n = parser_->content_length()) length = *n;
    keep_alive_ = parser_->keep_alive();
    wire_.clear();
    // Moved out: the caller's callback holds the caller, which holds this link.
    OnHead on_head = std::move(on_head_);
    on_head("", gateway::upstream_head(static_cast<int>(res.result_int()), fields, length,
                                       head_request_));
  }

  void fail(std::string failure) {
    conn_.reset();
    OnHead on_head = std::move(on_head_);
    on_head(failure, {});
  }

  // The answer was read whole: the connection may serve the next exchange.
  void done() {
    if (conn_ && keep_alive_ && conn_->buffer.size() == 0) links_.give_back(std::move(conn_));
    conn_.reset();
  }

  const Strand executor_;
  UpstreamLinks::Impl& links_;
  const gateway::UpstreamUrl upstream_;
  const gateway::UpstreamTimeouts timeouts_;
  std::string wire_;
  const bool head_request_;
  OnHead on_head_;
  std::unique_ptr<Connection> conn_;
  std::optional<edge::tcp::resolver> resolver_;
  bool reused_ = false;
  bool keep_alive_ = false;
  std::optional<http::response_parser<http::buffer_body>> parser_;
  std::unique_ptr<char[]> piece_;
  size_t piece_size_ = 0;
  std::string failure_;
};

}  // namespace

bool UpstreamLink::can_start(HttpStream& client) {
  return dynamic_cast<edge::Session*>(&client) != nullptr;
}

std::shared_ptr<UpstreamLink> UpstreamLink::start(HttpStream& client, UpstreamLinks& links,
                                                  const gateway::UpstreamUrl& upstream,
                                                  const gateway::UpstreamTimeouts& timeouts,
                                                  std::string wire, bool head_request,
                                                  OnHead on_head) {
  auto* session = dynamic_cast<edge::Session*>(&client);
  if (!session) return nullptr;
  auto link = std::make_shared<Link>(session->executor(), *links.impl, upstream, timeouts,
                                     std::move(wire), head_request, std::move(on_head));
  net::dispatch(session->executor(), [link] { link->start(); });
  return link;
}

}  // namespace localiam::server
