// One HTTP/1.1 connection to an upstream, driven step by step from one thread: connect, send a
// request head, its body in pieces (Content-Length or chunked), read the answer's head, then its
// body in pieces. Every step has a deadline (the connect timeout, then the exchange timeout per
// step: a 1 GB body may take long, a silent peer may not), and a failed or timed-out step closes
// the connection. reusable() says whether the pool may keep it. Not thread-safe; no Beast here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/http_message.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct UpstreamTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds exchange{
      30000};  // each step of writing the request, reading the answer
};

// The head of the upstream's answer: hop-by-hop and framing headers (Connection,
// Transfer-Encoding, Content-Length, Upgrade, …) are not in `headers`; `content_length` is the
// announced length (for a HEAD request, the length of the body not sent), unset for a chunked or
// close-delimited body.
struct UpstreamHead {
  int status = 0;
  std::string content_type;
  HeaderList headers;
  std::optional<uint64_t> content_length;
};

// The head the client gets from an answer's status and fields: Content-Type apart, hop-by-hop
// and framing fields left out; `content_length` is the parser's (unset when chunked or
// close-delimited), or for a HEAD request the Content-Length field's, the length of the body not
// sent.
UpstreamHead upstream_head(int status,
                           const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                           std::optional<uint64_t> content_length, bool head_request);

class UpstreamConnection {
 public:
  explicit UpstreamConnection(UpstreamUrl upstream);
  ~UpstreamConnection();
  UpstreamConnection(const UpstreamConnection&) = delete;
  UpstreamConnection& operator=(const UpstreamConnection&) = delete;

  const UpstreamUrl& upstream() const { return upstream_; }
  bool connected() const;
  // True when this connection already carried an exchange (it came from the pool).
  bool reused() const { return exchanges_ > 0; }

  // Each step returns false with `failure` saying what went wrong ("connecting: connection
  // refused", "reading the answer: timed out"); the connection is then closed.
  bool connect(const UpstreamTimeouts& timeouts, std::string& failure);
  // Sends method, target and headers (framing headers in `request.headers` are ignored), with
  // Content-Length `body_length`, or chunked when it is unset. For a GET/HEAD/DELETE/OPTIONS of
  // length 0 no Content-Length is sent.
  bool write_head(const HttpRequest& request, std::optional<uint64_t> body_length,
                  std::string& failure);
  bool write_body(std::string_view piece, std::string& failure);
  // Ends the request body (the last chunk when chunked).
  bool end_body(std::string& failure);
  // `head_request`: the answer has no body whatever its Content-Length says.
  bool read_head(bool head_request, UpstreamHead& out, std::string& failure);
  // The next piece of the answer's body (at most 64 KiB); empty once it has ended.
  bool read_body(std::string& piece, std::string& failure);
  bool answer_done() const;
  // True when the answer was read whole and both sides keep the connection open.
  bool reusable() const;
  // True when an idle connection still looks usable: no end of stream or stray bytes pending.
  bool idle_alive() const;
  void close();

  std::chrono::steady_clock::time_point idle_since{};

 private:
  struct Impl;
  UpstreamUrl upstream_;
  std::unique_ptr<Impl> impl_;
  uint64_t exchanges_ = 0;
};

}  // namespace localiam::gateway
