#include "server/gateway_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <charconv>
#include <chrono>
#include <string>
#include <utility>

#include "auth/action.hpp"
#include "common/log.hpp"
#include "server/access_log.hpp"
#include "server/other_services.hpp"

namespace localiam::server {

struct GatewayRoute::State {
  const gateway::Gateway& gateway;
  size_t body_limit;
  boost::asio::thread_pool pool;
  bool access_log = log::enabled(log::Level::kInfo);

  State(const gateway::Gateway& g, size_t limit, size_t workers)
      : gateway(g), body_limit(limit), pool(workers) {}
};

namespace {

// A Query-protocol request: its action may be IAM's or STS's, which aws_route must see.
bool query_protocol(const HttpRequest& head) {
  const std::string* type = head.header("Content-Type");
  return (type && type->starts_with("application/x-www-form-urlencoded")) ||
         head.query().starts_with("Action=") ||
         head.query().find("&Action=") != std::string_view::npos;
}

// One forwarded request: its body read piece by piece, then answered from a worker.
struct Forward : std::enable_shared_from_this<Forward> {
  std::shared_ptr<GatewayRoute::State> state;
  std::shared_ptr<HttpStream> stream;
  HttpRequest request;
  std::string body;  // the answer's, while it is written

  void read() {
    stream->read_body([self = shared_from_this()](bool ok, std::string_view piece) {
      self->on_piece(ok, piece);
    });
  }

  void on_piece(bool ok, std::string_view piece) {
    if (!ok) return stream->finish();
    if (piece.empty()) {
      boost::asio::post(state->pool, [self = shared_from_this()] { self->run(); });
      return;
    }
    if (request.body.size() + piece.size() > state->body_limit) {
      HttpResponse too_large;
      too_large.status = 413;
      too_large.content_type = "text/plain";
      too_large.body = "Request body too large\n";
      return send(std::move(too_large));
    }
    request.body.append(piece);
    read();
  }

  // On a worker thread: the gateway waits for the upstream here.
  void run() {
    const auto start = std::chrono::steady_clock::now();
    gateway::GatewayRecord g;
    HttpResponse response = state->gateway.handle(request, g);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    state->gateway.counts().count(g, response.status, micros);
    if (state->access_log) {
      api::RequestRecord record{g.service,       g.action,        g.account,
                                g.principal_arn, g.access_key_id, g.error_code,
                                g.authorization, g.request_id,    response.status};
      log::write(log::Level::kInfo, access_log_line(record, micros));
    }
    send(std::move(response));
  }

  void send(HttpResponse response) {
    ResponseHead head;
    head.status = response.status;
    head.content_type = std::move(response.content_type);
    head.content_length = response.body.size();
    for (auto& [name, value] : response.headers) {
      if (header_name_equals(name, "Content-Length")) {
        // Only a HEAD answer keeps the upstream's: it says the length of a body not sent.
        size_t length = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
        if (request.method == "HEAD" && ec == std::errc() && end == value.data() + value.size())
          head.content_length = length;
        continue;
      }
      head.headers.emplace_back(std::move(name), std::move(value));
    }
    body = std::move(response.body);
    stream->write_head(std::move(head), [self = shared_from_this()](bool ok) {
      if (!ok || self->body.empty()) return self->stream->finish();
      self->stream->write_body(std::move(self->body), [self](bool) { self->stream->finish(); });
    });
  }
};

}  // namespace

GatewayRoute::GatewayRoute(const gateway::Gateway& gateway, size_t body_limit, size_t workers)
    : state_(std::make_shared<State>(gateway, body_limit, workers)) {}

GatewayRoute::~GatewayRoute() { wait(); }

void GatewayRoute::wait() { state_->pool.join(); }

RouteRow GatewayRoute::row() {
  RouteRow row{"", "/", true, false, {}, {}};
  row.when = [](const HttpRequest& head) {
    const std::string service = signed_service(head);
    return !service.empty() && !api::service_from_name(service) && !query_protocol(head);
  };
  row.route.streaming = [state = state_](HttpRequest&& head, std::shared_ptr<HttpStream> stream) {
    auto forward = std::make_shared<Forward>();
    forward->state = state;
    forward->stream = std::move(stream);
    forward->request = std::move(head);
    forward->read();
  };
  return row;
}

}  // namespace localiam::server
