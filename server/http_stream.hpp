// HttpStream: one request's connection handed to a streaming route (server/http_route.hpp),
// which reads the request body in pieces and writes a response head and then body pieces, for
// answers that are not one string: forwarding to an upstream, server-sent events, large
// exports. One operation at a time: each call's callback runs before the next call. Calls may
// come from any thread; callbacks run on the connection's own (a server thread). No Beast here.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/http_message.hpp"

namespace localiam::server {

struct ResponseHead {
  int status = 200;
  std::string content_type;
  HeaderList headers;  // framing headers are the server's (server/response_head.hpp)
  // Set: the body is exactly this long. Unset: it goes out chunked (HTTP/1.1), or until the
  // connection closes (HTTP/1.0).
  std::optional<size_t> content_length;
};

class HttpStream {
 public:
  // ok is false when the connection failed (the peer left, a timeout, a malformed body): the
  // route should stop; finish() is still allowed and does nothing.
  using Done = std::function<void(bool ok)>;
  // A piece of the request body; an empty piece with ok means the body ended.
  using Piece = std::function<void(bool ok, std::string_view piece)>;

  virtual ~HttpStream() = default;

  // Reads the next piece of the request body (at most about 64 KiB).
  virtual void read_body(Piece on_piece) = 0;
  // Sends the response head. Once only, before any write_body. The head of a body of known,
  // non-zero length may wait for the first piece, to leave with it.
  virtual void write_head(ResponseHead head, Done done) = 0;
  // Sends a piece of the response body (nothing for a HEAD request; an empty piece is skipped).
  virtual void write_body(std::string piece, Done done) = 0;
  // Ends the response; the connection then goes on to its next request, or closes. A route
  // must call it exactly once, whatever happened; without a head, a 500 is sent.
  virtual void finish() = 0;
  // Ends the response as broken instead: the connection is closed without completing the body
  // (no last chunk), so the client cannot take a cut answer for a whole one. Instead of finish().
  virtual void abort() { finish(); }
};

}  // namespace localiam::server
