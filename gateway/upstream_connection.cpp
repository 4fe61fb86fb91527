#include "gateway/upstream_connection.hpp"

#include <sys/socket.h>

// Boost's string_view (through Beast) uses std::ostream without including it.
#include <ostream>
// clang-format off
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
// clang-format on

namespace localiam::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kPiece = 64 * 1024;

bool framing_header(std::string_view name) {
  return header_name_equals(name, "Content-Length") ||
         header_name_equals(name, "Transfer-Encoding") || header_name_equals(name, "Connection") ||
         header_name_equals(name, "Keep-Alive");
}

// RFC 9110's hop-by-hop headers: never relayed from the upstream's answer.
bool hop_by_hop(std::string_view name) {
  for (std::string_view h : {"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Connection",
                             "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length"})
    if (header_name_equals(name, h)) return true;
  return false;
}

}  // namespace

struct UpstreamConnection::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool open = false;
  UpstreamTimeouts timeouts;
  http::request<http::buffer_body> request;
  std::optional<http::request_serializer<http::buffer_body>> serializer;
  std::optional<http::response_parser<http::buffer_body>> parser;
  std::string piece;
  bool keep_alive = false;

  // Runs the operation started on `io` to its end; false (and closed) on an error.
  bool run(beast::error_code& ec, const char* step, std::string& failure) {
    io.restart();
    io.run();
    if (ec == http::error::need_buffer) ec = {};
    if (!ec) return true;
    failure = std::string(step) + ": " +
              (ec == beast::error::timeout ? std::string("timed out") : ec.message());
    beast::error_code ignored;
    stream.socket().close(ignored);
    open = false;
    return false;
  }
};

UpstreamConnection::UpstreamConnection(UpstreamUrl upstream)
    : upstream_(std::move(upstream)), impl_(std::make_unique<Impl>()) {}

UpstreamConnection::~UpstreamConnection() = default;

bool UpstreamConnection::connected() const { return impl_->open; }

void UpstreamConnection::close() {
  beast::error_code ignored;
  impl_->stream.socket().close(ignored);
  impl_->open = false;
}

bool UpstreamConnection::connect(const UpstreamTimeouts& timeouts, std::string& failure) {
  Impl& m = *impl_;
  m.timeouts = timeouts;
  if (m.open) return true;
  beast::error_code ec;
  tcp::resolver resolver(m.io);
  tcp::resolver::results_type results;
  resolver.async_resolve(upstream_.host, std::to_string(upstream_.port),
                         [&](beast::error_code e, tcp::resolver::results_type r) {
                           ec = e;
                           results = std::move(r);
                         });
  if (!m.run(ec, "resolving its host", failure)) return false;
  m.stream.expires_after(timeouts.connect);
  m.stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  if (!m.run(ec, "connecting", failure)) return false;
  m.stream.socket().set_option(tcp::no_delay(true), ec);
  m.buffer.clear();
  m.open = true;
  return true;
}

bool UpstreamConnection::write_head(const HttpRequest& request, std::optional<uint64_t> body_length,
                                    std::string& failure) {
  Impl& m = *impl_;
  m.parser.reset();
  m.serializer.reset();
  m.request = {};
  m.request.method_string(request.method);
  m.request.target(request.target);
  m.request.version(11);
  for (const auto& [name, value] : request.headers)
    if (!framing_header(name)) m.request.insert(name, value);
  const bool bodiless_method = request.method == "GET" || request.method == "HEAD" ||
                               request.method == "DELETE" || request.method == "OPTIONS";
  if (!body_length)
    m.request.chunked(true);
  else if (*body_length > 0 || !bodiless_method)
    m.request.content_length(*body_length);
  m.request.keep_alive(true);
  m.request.body().data = nullptr;
  m.request.body().more = true;
  m.serializer.emplace(m.request);
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  http::async_write_header(m.stream, *m.serializer, [&](beast::error_code e, size_t) { ec = e; });
  return m.run(ec, "sending the request", failure);
}

bool UpstreamConnection::write_body(std::string_view piece, std::string& failure) {
  Impl& m = *impl_;
  if (piece.empty()) return true;
  m.request.body().data = const_cast<char*>(piece.data());
  m.request.body().size = piece.size();
  m.request.body().more = true;
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  http::async_write(m.stream, *m.serializer, [&](beast::error_code e, size_t) { ec = e; });
  return m.run(ec, "sending the request body", failure);
}

bool UpstreamConnection::end_body(std::string& failure) {
  Impl& m = *impl_;
  if (m.serializer->is_done()) return true;
  m.request.body().data = nullptr;
  m.request.body().size = 0;
  m.request.body().more = false;
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  http::async_write(m.stream, *m.serializer, [&](beast::error_code e, size_t) { ec = e; });
  return m.run(ec, "ending the request body", failure);
}

bool UpstreamConnection::read_head(bool head_request, UpstreamHead& out, std::string& failure) {
  Impl& m = *impl_;
  m.parser.emplace();
  m.parser->body_limit(boost::none);
  if (head_request) m.parser->skip(true);
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  http::async_read_header(m.stream, m.buffer, *m.parser,
                          [&](beast::error_code e, size_t) { ec = e; });
  if (!m.run(ec, "reading the answer", failure)) return false;
  const auto& res = m.parser->get();
  out = {};
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    const std::string_view name(field.name_string().data(), field.name_string().size());
    const std::string_view value(field.value().data(), field.value().size());
    if (header_name_equals(name, "Content-Type")) {
      out.content_type = std::string(value);
      continue;
    }
    if (hop_by_hop(name)) continue;
    out.headers.emplace_back(std::string(name), std::string(value));
  }
  if (auto length = m.parser->content_length()) out.content_length = *length;
  if (head_request) {
    // A HEAD answer's Content-Length is the length of the body it did not send.
    out.content_length.reset();
    auto it = res.find(http::field::content_length);
    if (it != res.end()) {
      uint64_t n = 0;
      const std::string_view v(it->value().data(), it->value().size());
      bool digits = !v.empty();
      for (char c : v) digits = digits && c >= '0' && c <= '9', n = n * 10 + (c - '0');
      if (digits) out.content_length = n;
    }
  }
  m.keep_alive = m.parser->keep_alive();
  return true;
}

bool UpstreamConnection::read_body(std::string& piece, std::string& failure) {
  Impl& m = *impl_;
  piece.clear();
  // One buffer per connection, sized once (no zero-filling per answer).
  if (m.piece.size() != kPiece) m.piece.resize(kPiece);
  while (!m.parser->is_done()) {
    m.parser->get().body().data = m.piece.data();
    m.parser->get().body().size = m.piece.size();
    beast::error_code ec;
    m.stream.expires_after(m.timeouts.exchange);
    http::async_read(m.stream, m.buffer, *m.parser, [&](beast::error_code e, size_t) { ec = e; });
    if (!m.run(ec, "reading the answer", failure)) return false;
    piece.assign(m.piece.data(), kPiece - m.parser->get().body().size);
    if (!piece.empty()) return true;
  }
  ++exchanges_;
  return true;
}

bool UpstreamConnection::answer_done() const { return impl_->parser && impl_->parser->is_done(); }

bool UpstreamConnection::reusable() const {
  return impl_->open && answer_done() && impl_->keep_alive && impl_->serializer &&
         impl_->serializer->is_done() && impl_->buffer.size() == 0;
}

bool UpstreamConnection::idle_alive() const {
  if (!impl_->open) return false;
  char byte;
  const ssize_t n =
      ::recv(impl_->stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace localiam::gateway
