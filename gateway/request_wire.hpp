// The bytes of one HTTP/1.1 request to an upstream, head and body together, for a caller that
// writes them in one go (the gateway route's non-blocking forward). Framing is this piece's:
// Content-Length and Transfer-Encoding in `request.headers` are ignored, Content-Length is the
// body's (left out for a GET, HEAD, DELETE or OPTIONS with no body, as UpstreamConnection does),
// and the connection is kept alive. Header names and values must already be free of CR and LF
// (the server's parser refuses requests that have them; the gateway adds only its own).
#pragma once

#include <string>

#include "common/http_message.hpp"

namespace localiam::gateway {

std::string request_wire(const HttpRequest& request);

}  // namespace localiam::gateway
