// The streaming route that forwards requests for other services through the gateway
// (gateway/gateway.hpp) when --upstream is set: it takes the request's connection and reads its
// body (up to the server's body limit: larger gets 413). A request whose body is here and whose
// decision needs nothing read from the upstream (most calls: the resource policies are cached)
// is decided and forwarded on the connection's own thread, without blocking it
// (server/upstream_link.hpp): no hand-off between threads. The others (a streamed body, a
// resource policy to read first) go to a small pool of worker threads that wait for the
// upstream, so that no server thread does. A HEAD answer keeps the upstream's Content-Length. A
// Query-protocol request whose action is IAM's or STS's, signed for another service, is handed
// to the dispatcher's handler on the server thread instead, which refuses it as AWS does.
#pragma once

#include <cstddef>
#include <memory>

#include "gateway/gateway.hpp"
#include "server/routes.hpp"

namespace localiam::server {

class GatewayRoute {
 public:
  // `gateway` must outlive this object.
  // `dispatcher` answers the Query-protocol requests whose action is IAM's or STS's though they
  // are signed for another service (the server's own route for AWS requests).
  GatewayRoute(const gateway::Gateway& gateway, size_t body_limit, BufferedHandler dispatcher,
               size_t workers = 8);
  ~GatewayRoute();
  GatewayRoute(const GatewayRoute&) = delete;
  GatewayRoute& operator=(const GatewayRoute&) = delete;

  // The route table's row: any method and path, for heads signed for another service.
  RouteRow row();
  // Waits for the requests being forwarded to be answered (each is bounded by the upstream
  // timeouts). Call once the HttpServer's run() returned, before the server is destroyed.
  void wait();

  struct State;  // the gateway, the body limit and the worker pool (gateway_route.cpp)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace localiam::server
