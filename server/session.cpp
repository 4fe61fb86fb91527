#include "server/session.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <limits>
#include <utility>

#include "server/response_head.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace localiam::server::edge {
namespace {

// Cap on what a lingering close reads and throws away after an error response: enough for a
// client that was still sending an oversized body, without letting one hold us for long.
constexpr size_t kMaxDrainBytes = 8 * 1024 * 1024;
// After a request or response this large, freed heap memory goes back to the OS: glibc keeps it
// in its arenas otherwise, and a few huge requests would leave the server's memory high for good.
constexpr size_t kTrimAfterBytes = 1024 * 1024;

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
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

HttpResponse internal_error() {
  HttpResponse response;
  response.status = 500;
  response.content_type = "text/plain";
  response.body = "Internal Server Error\n";
  return response;
}

}  // namespace

Session::Session(Socket&& socket, ServerCore& server)
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

Session::~Session() { server_.session_closed(registry_entry_); }

void Session::start() {
  registry_entry_ = server_.register_session(weak_from_this());
  net::dispatch(executor_, beast::bind_front_handler(&Session::do_read, shared_from_this()));
}

void Session::begin_shutdown() {
  net::post(executor_, [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->reading_ && !self->request_started()) self->stream_.cancel();
  });
}

bool Session::request_started() const {
  return buffer_.size() > 0 || (head_parser_ && head_parser_->got_some());
}

void Session::do_read() {
  const HttpServerOptions& options = server_.options();
  head_parser_.emplace();
  head_parser_->header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
  // No limit yet: the route decides (a buffered route applies the server's, start_buffered).
  head_parser_->body_limit(boost::none);
  reading_ = true;
  if (stopping_) return close();
  stream_.expires_after(options.read_timeout);
  http::async_read_header(stream_, buffer_, *head_parser_,
                          beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(error_code ec, size_t) {
  if (ec) return on_read_error(ec);
  reading_ = false;
  const auto& message = head_parser_->get();
  version_ = message.version() == 10 ? 10 : 11;
  client_keep_alive_ = message.keep_alive();
  head_method_ = message.method() == http::verb::head;
  const auto expect = message.find(http::field::expect);
  expects_continue_ = message.version() >= 11 && expect != message.end() &&
                      beast::iequals(expect->value(), "100-continue");

  request_.method.assign(message.method_string());
  request_.target.assign(message.target());
  request_.headers.clear();
  request_.headers.reserve(
      static_cast<size_t>(std::distance(message.base().begin(), message.base().end())));
  for (const auto& field : message.base())
    request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request_.body.clear();
  request_.remote_ip = remote_ip_;

  route_ = &server_.route(request_);
  if (route_->streaming) return start_streaming();
  start_buffered();
}

// The body goes into a string, with the server's limit; what arrived with the head is parsed
// at once, so that a small request needs no second read.
void Session::start_buffered() {
  const size_t limit = server_.options().body_limit;
  if (head_parser_->is_done()) return handle_request();
  if (const auto length = head_parser_->content_length(); length && *length > limit)
    return send_error(413, "Request body too large\n");
  body_parser_.emplace(std::move(*head_parser_));
  body_parser_->body_limit(limit);
  body_parser_->eager(true);
  while (buffer_.size() > 0 && !body_parser_->is_done()) {
    error_code ec;
    const size_t used = body_parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) return on_read_error(ec);
    if (used == 0) break;
  }
  if (body_parser_->is_done()) return on_body({}, 0);
  if (expects_continue_) {
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(server_.options().read_timeout);
    net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                     beast::bind_front_handler(&Session::on_continue_sent, shared_from_this()));
    return;
  }
  read_rest_of_body();
}

void Session::on_continue_sent(error_code ec, size_t) {
  if (ec) return close();
  read_rest_of_body();
}

void Session::read_rest_of_body() {
  stream_.expires_after(server_.options().read_timeout);
  http::async_read(stream_, buffer_, *body_parser_,
                   beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(error_code ec, size_t) {
  if (ec) return on_read_error(ec);
  request_.body = std::move(body_parser_->get().body());
  body_parser_.reset();
  large_ = request_.body.size() >= kTrimAfterBytes;
  handle_request();
}

void Session::on_read_error(error_code ec) {
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

void Session::handle_request() {
  HttpReply reply;
  try {
    reply = route_->buffered(std::move(request_));
  } catch (const std::exception& e) {
    log_line(log::Level::kError, std::string("request handler threw: ") + e.what());
    reply = {internal_error(), {}};
  } catch (...) {
    log_line(log::Level::kError, "request handler threw a non-standard exception");
    reply = {internal_error(), {}};
  }
  if (reply.response.status < 200 || reply.response.status > 599) {
    log_line(log::Level::kError,
             "request handler returned invalid status " + std::to_string(reply.response.status));
    reply = {internal_error(), {}};
  }
  if (!reply.ready) return send_response(std::move(reply.response));
  // The response waits for its completion (a group commit). Posting it lets requests that are
  // already waiting on this thread run first and join the same group, so that one COMMIT
  // serves all.
  net::post(stream_.get_executor(),
            [self = shared_from_this(), reply = std::move(reply)]() mutable {
              HttpResponse response;
              try {
                response = reply.ready(std::move(reply.response));
              } catch (const std::exception& e) {
                log_line(log::Level::kError, std::string("response completion threw: ") + e.what());
                response = internal_error();
              }
              self->send_response(std::move(response));
            });
}

void Session::send_response(HttpResponse response) {
  // The server-wide flag, not stopping_: the session hears of a stop only after this handler
  // returns, and a response finished during the stop should already say Connection: close.
  Framing framing;
  framing.keep_alive = client_keep_alive_ && !server_.stopping();
  body_.clear();
  // 204 and 304 carry neither a body nor a length.
  if (response.status != 204 && response.status != 304) {
    framing.content_length = response.body.size();
    // HEAD announces the length of the body it does not send.
    if (!head_method_) body_ = std::move(response.body);
  }
  compose_head(head_, version_, response.status, response.content_type, response.headers, framing);
  stream_.expires_after(server_.options().read_timeout);
  // One gather write: head and body leave in a single sendmsg.
  const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
  net::async_write(
      stream_, buffers,
      beast::bind_front_handler(&Session::on_write, shared_from_this(), !framing.keep_alive));
}

void Session::on_write(bool close_after, error_code ec, size_t) {
  // Free the body now rather than at the next request: an idle keep-alive connection should
  // not hold on to a large response.
  large_ = large_ || body_.size() >= kTrimAfterBytes;
  std::string().swap(body_);
  if (std::exchange(large_, false)) release_free_memory();
  if (ec) return close();
  if (close_after || stopping_) return half_close();
  do_read();
}

// Answers a request we could not read (or a streaming route that did not answer), then closes.
// The parser may be mid-message, so the connection cannot be reused.
void Session::send_error(int status, std::string_view text) {
  reading_ = false;
  body_.assign(text);
  static const HeaderList kNoHeaders;
  Framing framing;
  framing.content_length = body_.size();
  framing.keep_alive = false;
  compose_head(head_, 11, status, "text/plain", kNoHeaders, framing);
  stream_.expires_after(server_.options().read_timeout);
  const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
  net::async_write(stream_, buffers,
                   beast::bind_front_handler(&Session::on_error_sent, shared_from_this()));
}

void Session::on_error_sent(error_code ec, size_t) {
  std::string().swap(body_);
  if (ec) return close();
  linger();
}

// Closing a socket with unread input makes the kernel send RST, which can destroy the last
// response before the client reads it (typical for a 413 while the client is still sending
// its body). So: half-close, then read and discard for a bounded time before closing.
void Session::linger() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  buffer_.consume(buffer_.size());
  drained_ = 0;
  stream_.expires_after(
      std::min<std::chrono::steady_clock::duration>(server_.options().read_timeout, kMaxDrainTime));
  drain();
}

void Session::drain() {
  stream_.async_read_some(buffer_.prepare(64 * 1024),
                          beast::bind_front_handler(&Session::on_drain, shared_from_this()));
}

void Session::on_drain(error_code ec, size_t n) {
  drained_ += n;
  if (ec || drained_ > kMaxDrainBytes) return close();
  drain();
}

void Session::half_close() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  // The session ends here; its destructor closes the socket.
}

void Session::close() { stream_.close(); }

}  // namespace localiam::server::edge
