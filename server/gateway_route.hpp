// The streaming route that forwards requests for other services through the gateway
// (gateway/gateway.hpp) when --upstream is set: it takes the request's connection, reads its
// body (up to the server's body limit: larger gets 413), and hands the request to a small pool
// of worker threads that wait for the upstream, so that no server thread does; the answer is
// written back from there (a HEAD answer keeps the upstream's Content-Length). A Query-protocol
// request whose action is IAM's or STS's, signed for another service, is handed to the
// dispatcher's handler on the server thread instead, which refuses it as AWS does.
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
