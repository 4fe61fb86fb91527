#include "gateway/upstream_client.hpp"

// Boost's string_view (through Beast) uses std::ostream without including it.
#include <ostream>
// clang-format off
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
// clang-format on

namespace localiam::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Bodies larger than this are refused rather than held (the server's own request limit is
// smaller; answers such as a Scan's may be larger).
constexpr uint64_t kMaxAnswerBytes = 64ull << 20;

bool framing_header(std::string_view name) {
  return header_name_equals(name, "Content-Length") ||
         header_name_equals(name, "Transfer-Encoding");
}

}  // namespace

UpstreamAnswer send_upstream(const UpstreamUrl& upstream, const HttpRequest& request,
                             const UpstreamTimeouts& timeouts) {
  UpstreamAnswer out;
  asio::io_context io;
  beast::tcp_stream stream(io);
  tcp::resolver resolver(io);
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  // The answer to HEAD has a Content-Length but no body: reading one would wait for the timeout.
  if (request.method == "HEAD") parser.skip(true);
  beast::error_code failed;
  const char* step = "";

  req.method_string(request.method);
  req.target(request.target);
  req.version(11);
  for (const auto& [name, value] : request.headers)
    if (!framing_header(name)) req.insert(name, value);
  req.set(http::field::connection, "close");
  req.body() = request.body;
  req.prepare_payload();

  auto on_read = [&](beast::error_code ec, size_t) {
    if (ec) failed = ec, step = "reading the answer";
  };
  auto on_write = [&](beast::error_code ec, size_t) {
    if (ec) {
      failed = ec, step = "sending the request";
      return;
    }
    http::async_read(stream, buffer, parser, on_read);
  };
  auto on_connect = [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec) {
      failed = ec, step = "connecting";
      return;
    }
    stream.expires_after(timeouts.exchange);
    http::async_write(stream, req, on_write);
  };
  resolver.async_resolve(upstream.host, std::to_string(upstream.port),
                         [&](beast::error_code ec, tcp::resolver::results_type results) {
                           if (ec) {
                             failed = ec, step = "resolving its host";
                             return;
                           }
                           stream.expires_after(timeouts.connect);
                           stream.async_connect(results, on_connect);
                         });
  io.run();
  if (failed) {
    out.failure = std::string(step) + ": " +
                  (failed == beast::error::timeout ? std::string("timed out") : failed.message());
    return out;
  }
  http::response<http::string_body> res = parser.release();
  HttpResponse response;
  response.status = static_cast<int>(res.result_int());
  response.content_type.clear();
  for (const auto& field : res) {
    const std::string name(field.name_string());
    const std::string value(field.value());
    if (header_name_equals(name, "Content-Type")) {
      response.content_type = value;
      continue;
    }
    // A HEAD answer's Content-Length is the length of the body it did not send: kept.
    if (framing_header(name) &&
        !(request.method == "HEAD" && header_name_equals(name, "Content-Length")))
      continue;
    response.headers.emplace_back(name, value);
  }
  response.body = std::move(res.body());
  out.response = std::move(response);
  return out;
}

}  // namespace localiam::gateway
