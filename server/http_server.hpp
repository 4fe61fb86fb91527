// HttpServer: the Boost.Beast/Asio HTTP/1.1 server. Asynchronous, `threads` threads running
// one io_context, a strand per connection, keep-alive, each request's head read first and its
// route (server/http_route.hpp) picked from it, header and body limits, a timeout re-armed
// before every read, and an orderly stop on SIGINT/SIGTERM (stop accepting, finish requests in
// flight, return from run()). Beast stays inside server/'s .cpp files and server-private
// headers: callers see only HttpRequest/HttpResponse and the route types.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/http_route.hpp"

namespace localiam::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;  // 0 picks a free port
  int threads = 2;
  size_t body_limit = 2 * 1024 * 1024;    // buffered routes: larger bodies get 413
  size_t header_limit = 64 * 1024;        // larger headers get 431
  std::chrono::seconds read_timeout{30};  // slow clients are dropped
  size_t max_connections = 10000;
  // Called once, on the server's control thread, when the stop sequence begins: responses that
  // never end by themselves (server-sent events) are ended here, so that the server can drain.
  std::function<void()> on_stop;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Router router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Throws std::runtime_error if the address cannot be bound.
  void listen();
  // The bound port (after listen()).
  uint16_t port() const;
  // Runs the threads until stop() or SIGINT/SIGTERM; returns after in-flight requests finish.
  void run();
  // Thread-safe; makes run() return.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localiam::server
