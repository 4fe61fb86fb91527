// The status line and header block of a response, composed by hand (server/session.cpp writes
// it): the server owns the framing headers (Content-Length, Transfer-Encoding, Connection, Date,
// Server), a route's own copies of them are ignored, and malformed names or values are dropped,
// so that a response can never be split or framed twice. No Beast here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/http_message.hpp"

namespace localiam::server {

// How the body that follows the head is framed.
struct Framing {
  std::optional<size_t> content_length;  // Content-Length: N
  bool chunked = false;                  // Transfer-Encoding: chunked (when no length)
  bool keep_alive = true;                // false: Connection: close (HTTP/1.1)
};

// Writes the head into `head` (cleared first; its capacity is kept, so the steady state
// allocates nothing). `version` is 10 or 11.
void compose_head(std::string& head, unsigned version, int status, std::string_view content_type,
                  const HeaderList& extra, const Framing& framing);

// RFC 1123 date for the Date header, cached per thread for a second.
std::string_view http_date();

}  // namespace localiam::server
