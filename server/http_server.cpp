// HttpServer: the public face of the listener (server/server_core.hpp) and its sessions
// (server/session.hpp); everything Beast lives behind Impl.
#include "server/http_server.hpp"

#include "server/server_core.hpp"

namespace localiam::server {

struct HttpServer::Impl {
  Impl(HttpServerOptions options, Router router) : core(std::move(options), std::move(router)) {}
  edge::ServerCore core;
};

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

HttpServer::~HttpServer() = default;

void HttpServer::listen() { impl_->core.listen(); }

uint16_t HttpServer::port() const { return impl_->core.port(); }

void HttpServer::run() { impl_->core.run(); }

void HttpServer::stop() { impl_->core.stop(); }

}  // namespace localiam::server
