// Route: what answers one request, chosen from its head (method, target, headers) before the
// body is read. A buffered route gets the whole body (up to the server's limit: larger gets
// 413) and answers an HttpReply; a streaming route takes over the connection (HttpStream) and
// reads and writes at its own pace. A Router picks the route; server/routes.hpp builds one.
#pragma once

#include <functional>
#include <memory>

#include "common/http_message.hpp"
#include "server/http_stream.hpp"

namespace localiam::server {

// Called on a server thread for every complete request; may run concurrently.
using BufferedHandler = std::function<HttpReply(HttpRequest&&)>;
// `head` has an empty body: the route reads it from `stream`.
using StreamingHandler = std::function<void(HttpRequest&& head, std::shared_ptr<HttpStream>)>;

struct Route {
  BufferedHandler buffered;    // used when `streaming` is empty
  StreamingHandler streaming;  // takes over the connection when set
};

// Picks the route for a request head (its body is not read yet); may run concurrently. The
// route must outlive the server.
using Router = std::function<const Route&(const HttpRequest& head)>;

}  // namespace localiam::server
