// Sends one request to the upstream and reads its whole answer, for callers that want one
// HttpResponse (the gateway's buffered forwards, resource policies read from the upstream).
// Built on the streaming exchange (gateway/stream_forward.hpp) and the process-wide connection
// pool, so keep-alive connections are reused. Every step has a deadline (connecting, then each
// step of the exchange); a failure or timeout is reported, never waited on. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/http_message.hpp"
#include "gateway/upstream_connection.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct UpstreamAnswer {
  std::optional<HttpResponse> response;  // nullopt: `failure` says why
  std::string failure;                   // "connection refused", "timed out", …
};

// `request.target` is the path and query to send; its headers are sent as they are (Host,
// the signature) plus Content-Length for the body. The answer's content type is moved into
// `content_type`; framing headers (Content-Length, Transfer-Encoding) are not kept, except a HEAD
// answer's Content-Length. Answers over 64 MiB are refused (failure "answer larger than 64 MiB").
UpstreamAnswer send_upstream(const UpstreamUrl& upstream, const HttpRequest& request,
                             const UpstreamTimeouts& timeouts);

}  // namespace localiam::gateway
