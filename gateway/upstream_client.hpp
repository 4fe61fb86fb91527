// Sends one request to the upstream and reads its whole answer (this slice buffers bodies; the
// issue's streaming comes later). Every step has a deadline: connecting, and the exchange as a
// whole; a failure or timeout is reported, never waited on. One connection per request (no
// pool yet). Thread-safe: each call has its own I/O context.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/http_message.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct UpstreamTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds exchange{30000};  // writing the request and reading the answer
};

struct UpstreamAnswer {
  std::optional<HttpResponse> response;  // nullopt: `failure` says why
  std::string failure;                   // "connection refused", "timed out", …
};

// `request.target` is the path and query to send; its headers are sent as they are (Host,
// the signature) plus Content-Length for the body. The answer's content type is moved into
// `content_type`; framing headers (Content-Length, Transfer-Encoding) are not kept, except a HEAD
// answer's Content-Length.
UpstreamAnswer send_upstream(const UpstreamUrl& upstream, const HttpRequest& request,
                             const UpstreamTimeouts& timeouts);

}  // namespace localiam::gateway
