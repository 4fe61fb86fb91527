#include "gateway/upstream_connection.hpp"

#include <sys/socket.h>

#include <cerrno>
// Boost's string_view (through Beast) uses std::ostream without including it.
#include <ostream>
// clang-format off
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
// clang-format on

#include "gateway/deadline_socket.hpp"

namespace localiam::gateway {

namespace beast = boost::beast;
namespace http = boost::beast::http;

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

UpstreamHead upstream_head(int status,
                           const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                           std::optional<uint64_t> content_length, bool head_request) {
  UpstreamHead out;
  out.status = status;
  out.content_length = content_length;
  if (head_request) out.content_length.reset();
  for (const auto& [name, value] : fields) {
    if (header_name_equals(name, "Content-Type")) {
      out.content_type = std::string(value);
      continue;
    }
    if (head_request && header_name_equals(name, "Content-Length")) {
      // A HEAD answer's Content-Length is the length of the body it did not send.
      uint64_t n = 0;
      bool digits = !value.empty();
      for (char c : value) digits = digits && c >= '0' && c <= '9', n = n * 10 + (c - '0');
      if (digits) out.content_length = n;
    }
    if (hop_by_hop(name)) continue;
    out.headers.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

struct UpstreamConnection::Impl {
  DeadlineSocket stream;
  beast::flat_buffer buffer;
  bool open = false;
  UpstreamTimeouts timeouts;
  http::request<http::buffer_body> request;
  std::optional<http::request_serializer<http::buffer_body>> serializer;
  std::optional<http::response_parser<http::buffer_body>> parser;
  std::string piece;
  bool keep_alive = false;

  // The end of a step: false (and closed) on an error.
  bool done(beast::error_code ec, const char* step, std::string& failure) {
    if (ec == http::error::need_buffer) ec = {};
    if (!ec) return true;
    failure = std::string(step) + ": " +
              (ec == beast::error::timeout ? std::string("timed out") : ec.message());
    stream.close();
    open = false;
    return false;
  }
};

UpstreamConnection::UpstreamConnection(UpstreamUrl upstream)
    : upstream_(std::move(upstream)), impl_(std::make_unique<Impl>()) {}

UpstreamConnection::~UpstreamConnection() = default;

bool UpstreamConnection::connected() const { return impl_->open; }

void UpstreamConnection::close() {
  impl_->stream.close();
  impl_->open = false;
}

bool UpstreamConnection::connect(const UpstreamTimeouts& timeouts, std::string& failure) {
  Impl& m = *impl_;
  m.timeouts = timeouts;
  if (m.open) return true;
  beast::error_code ec;
  m.stream.connect(upstream_.host, upstream_.port, timeouts.connect, ec);
  if (!m.done(ec, ec == boost::asio::error::host_not_found ? "resolving its host" : "connecting",
              failure))
    return false;
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
  // The head waits for the body's first piece (or its end) to leave in the same packet.
  m.stream.hold();
  http::write_header(m.stream, *m.serializer, ec);
  return m.done(ec, "sending the request", failure);
}

bool UpstreamConnection::write_body(std::string_view piece, std::string& failure) {
  Impl& m = *impl_;
  if (piece.empty()) return true;
  m.request.body().data = const_cast<char*>(piece.data());
  m.request.body().size = piece.size();
  m.request.body().more = true;
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  m.stream.release();
  http::write(m.stream, *m.serializer, ec);
  return m.done(ec, "sending the request body", failure);
}

bool UpstreamConnection::end_body(std::string& failure) {
  Impl& m = *impl_;
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  m.stream.release();
  if (m.serializer->is_done()) {
    m.stream.flush(ec);
    return m.done(ec, "sending the request", failure);
  }
  m.request.body().data = nullptr;
  m.request.body().size = 0;
  m.request.body().more = false;
  http::write(m.stream, *m.serializer, ec);
  return m.done(ec, "ending the request body", failure);
}

bool UpstreamConnection::read_head(bool head_request, UpstreamHead& out, std::string& failure) {
  Impl& m = *impl_;
  m.parser.emplace();
  m.parser->body_limit(boost::none);
  if (head_request) m.parser->skip(true);
  beast::error_code ec;
  m.stream.expires_after(m.timeouts.exchange);
  m.stream.flush(ec);
  if (!m.done(ec, "sending the request", failure)) return false;
  http::read_header(m.stream, m.buffer, *m.parser, ec);
  if (!m.done(ec, "reading the answer", failure)) return false;
  const auto& res = m.parser->get();
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  for (const auto& field : res)
    fields.emplace_back(std::string_view(field.name_string().data(), field.name_string().size()),
                        std::string_view(field.value().data(), field.value().size()));
  std::optional<uint64_t> length;
  if (auto n = m.parser->content_length()) length = *n;
  out = upstream_head(static_cast<int>(res.result_int()), fields, length, head_request);
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
    http::read(m.stream, m.buffer, *m.parser, ec);
    if (!m.done(ec, "reading the answer", failure)) return false;
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
  const ssize_t n = ::recv(impl_->stream.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace localiam::gateway
