// The load generator's HTTP/1.1 side, over plain sockets: endpoint parsing, writing a signed
// request with Content-Length, an incremental response parser (Content-Length, chunked, or
// delimited by end of stream, as HTTP/1.0 servers such as moto_server's may answer), and a small
// blocking client for set-up calls made before the load starts.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/http_message.hpp"

namespace localiam::bench {

struct Endpoint {
  std::string host;  // "127.0.0.1"
  uint16_t port = 0;
  std::string host_header;  // "127.0.0.1:4566", signed as the Host header
  sockaddr_in address{};    // IPv4 only: the benchmark runs on loopback
};

// Parses "http://HOST:PORT" (HOST a dotted IPv4 address or "localhost"). nullopt with *error set
// when malformed.
std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error);

// Appends `request` in HTTP/1.1 wire form to `out`, adding Content-Length.
void append_wire_request(const HttpRequest& request, std::string& out);

// Opens a non-blocking (or blocking) TCP socket with TCP_NODELAY and starts connecting. Returns
// the descriptor, or -1 with errno set.
int open_connection(const Endpoint& endpoint, bool non_blocking);

// Parses one HTTP/1.x response fed in pieces. After kComplete, status()/body()/keep_alive()
// describe it until reset().
class ResponseParser {
 public:
  enum class State { kIncomplete, kComplete, kError };

  void reset();
  State feed(const char* data, size_t size);
  // The peer closed the stream: completes a response delimited by end of stream, else kError.
  State finish_at_eof();

  int status() const { return status_; }
  std::string_view body() const { return body_; }
  bool keep_alive() const { return keep_alive_; }
  // True while nothing of a response has arrived yet.
  bool idle() const { return buffer_.empty(); }

 private:
  State parse_head();
  State try_complete();

  std::string buffer_;
  std::string decoded_;  // chunked bodies, once decoded
  size_t body_start_ = 0;
  bool head_done_ = false;
  int status_ = 0;
  bool keep_alive_ = true;
  bool chunked_ = false;
  bool until_eof_ = false;
  size_t content_length_ = 0;
  std::string_view body_;
};

struct SimpleResponse {
  int status = 0;  // 0: the request could not be sent or answered
  std::string body;
};

// One keep-alive connection used synchronously; reconnects when the server closed it.
class BlockingClient {
 public:
  explicit BlockingClient(const Endpoint& endpoint) : endpoint_(endpoint) {}
  ~BlockingClient();
  BlockingClient(const BlockingClient&) = delete;
  BlockingClient& operator=(const BlockingClient&) = delete;

  SimpleResponse send(const HttpRequest& request);

 private:
  SimpleResponse attempt(const std::string& wire, bool* retry);
  void close_socket();

  Endpoint endpoint_;
  int fd_ = -1;
};

// The text of the first <tag>…</tag> element in `xml`, with the five XML entities decoded;
// empty when absent. Enough for AWS Query responses (AccessKeyId, Arn, Code, …).
std::string xml_text(std::string_view xml, std::string_view tag);

}  // namespace localiam::bench
