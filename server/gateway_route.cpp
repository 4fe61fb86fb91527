#include "server/gateway_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <charconv>
#include <chrono>
#include <future>
#include <string>
#include <utility>

#include "auth/action.hpp"
#include "common/log.hpp"
#include "server/access_log.hpp"
#include "server/other_services.hpp"
#include "server/upstream_link.hpp"

namespace localiam::server {

struct GatewayRoute::State {
  const gateway::Gateway& gateway;
  size_t body_limit;
  BufferedHandler dispatcher;  // IAM and STS actions signed for another service
  boost::asio::thread_pool pool;
  UpstreamLinks links;  // keep-alive connections for the forwards made on connection threads
  bool access_log = log::enabled(log::Level::kInfo);

  State(const gateway::Gateway& g, size_t limit, BufferedHandler d, size_t workers)
      : gateway(g), body_limit(limit), dispatcher(std::move(d)), pool(workers) {}
};

namespace {

// A Query-protocol request: its action may be IAM's or STS's, which the dispatcher must see.
bool query_protocol(const HttpRequest& head) {
  const std::string* type = head.header("Content-Type");
  return (type && type->starts_with("application/x-www-form-urlencoded")) ||
         head.query().starts_with("Action=") ||
         head.query().find("&Action=") != std::string_view::npos;
}

// The forwarding worker's view of the client's connection: each call waits for the
// connection's thread to do it, so a piece is taken from one side only once the other side took
// the previous one (back-pressure).
class StreamClient : public gateway::ClientSide {
 public:
  explicit StreamClient(std::shared_ptr<HttpStream> stream) : stream_(std::move(stream)) {}

  bool read(std::string& piece) override {
    // The callback owns the promise: it may still be inside set_value() when get() returns.
    auto done = std::make_shared<std::promise<bool>>();
    std::future<bool> result = done->get_future();
    stream_->read_body([done, &piece](bool ok, std::string_view p) {
      if (ok) piece.assign(p);
      done->set_value(ok);
    });
    return result.get();
  }
  bool write_head(gateway::UpstreamHead head) override {
    status = head.status;
    ResponseHead out;
    out.status = head.status;
    out.content_type = std::move(head.content_type);
    out.headers = std::move(head.headers);
    out.content_length = head.content_length;
    // A small answer of known length is kept and written in one go once the exchange ended
    // (no hand-off to the connection's thread per piece): most JSON answers.
    if (head.content_length && *head.content_length <= kDeferredAnswer) {
      deferred = std::move(out);
      return true;
    }
    return wait(
        [&](HttpStream::Done done) { stream_->write_head(std::move(out), std::move(done)); });
  }
  bool write(std::string piece) override {
    if (deferred) {
      deferred_body += piece;
      return true;
    }
    return wait(
        [&](HttpStream::Done done) { stream_->write_body(std::move(piece), std::move(done)); });
  }

  static constexpr uint64_t kDeferredAnswer = 256 * 1024;
  int status = 0;
  std::optional<ResponseHead> deferred;  // the head of a deferred answer
  std::string deferred_body;

 private:
  template <typename Start>
  bool wait(Start start) {
    auto done = std::make_shared<std::promise<bool>>();
    std::future<bool> result = done->get_future();
    start([done](bool ok) { done->set_value(ok); });
    return result.get();
  }
  std::shared_ptr<HttpStream> stream_;
};

// One forwarded request: a body the decision needs is read whole first, on the connection's
// thread. Decided there too when everything the decision needs is at hand, it is forwarded from
// there without blocking (server/upstream_link.hpp). Else (a streaming body, a resource policy
// to read from the upstream first) a worker authorises it and forwards it, streaming what
// streams.
struct Forward : std::enable_shared_from_this<Forward> {
  std::shared_ptr<GatewayRoute::State> state;
  std::shared_ptr<HttpStream> stream;
  HttpRequest request;
  std::string body;  // the answer's, while it is written
  // The forward made on the connection's thread.
  std::chrono::steady_clock::time_point started;
  gateway::GatewayRecord record;
  gateway::Gateway::Changes changes;
  gateway::UpstreamUrl upstream;
  std::shared_ptr<UpstreamLink> link;
  std::optional<ResponseHead> small;  // the head of an answer collected whole

  void start() {
    if (gateway::Gateway::body_streams(request)) return to_worker();
    read();
  }

  void to_worker() {
    boost::asio::post(state->pool, [self = shared_from_this()] { self->run(); });
  }

  void read() {
    stream->read_body([self = shared_from_this()](bool ok, std::string_view piece) {
      self->on_piece(ok, piece);
    });
  }

  void on_piece(bool ok, std::string_view piece) {
    if (!ok) return stream->finish();
    if (piece.empty()) {
      // An IAM or STS action signed for another service is the dispatcher's to refuse (AWS's
      // SignatureDoesNotMatch naming the right service), on this server thread.
      if (state->dispatcher && query_protocol(request) && !answer_other_service(request))
        return dispatch();
      if (UpstreamLink::can_start(*stream)) return forward_here();
      return to_worker();
    }
    if (request.body.size() + piece.size() > state->body_limit) {
      // Counted in the metrics as a call not decided, by the service it was signed for.
      gateway::GatewayRecord g;
      g.service = signed_service(request);
      g.error_code = "RequestEntityTooLarge";
      account(g, 413, std::chrono::steady_clock::now());
      HttpResponse too_large;
      too_large.status = 413;
      too_large.content_type = "text/plain";
      too_large.body = "Request body too large\n";
      return send(std::move(too_large));
    }
    request.body.append(piece);
    read();
  }

  void dispatch() {
    HttpRequest copy = request;
    HttpReply reply = state->dispatcher(std::move(copy));
    send(reply.ready ? reply.ready(std::move(reply.response)) : std::move(reply.response));
  }

  // On the connection's thread: decided on what is known, then forwarded without blocking.
  void forward_here() {
    started = std::chrono::steady_clock::now();
    gateway::Gateway::Prepared prepared;
    try {
      prepared = state->gateway.prepare(request, record);
    } catch (const std::exception& e) {
      log::write(log::Level::kError, std::string("gateway decision failed: ") + e.what());
      return stream->abort();
    }
    if (prepared.must_wait) return to_worker();
    if (prepared.answer) {
      account(record, prepared.answer->status, started);
      return send(std::move(*prepared.answer));
    }
    changes = std::move(prepared.changes);
    upstream = std::move(prepared.upstream);
    link = UpstreamLink::start(
        *stream, state->links, upstream, state->gateway.timeouts(), std::move(prepared.wire),
        request.method == "HEAD",
        [self = shared_from_this()](const std::string& failure, gateway::UpstreamHead head) {
          self->on_head(failure, std::move(head));
        });
  }

  void on_head(const std::string& failure, gateway::UpstreamHead head) {
    if (!failure.empty()) {
      HttpResponse refused = state->gateway.unreachable(request, upstream, record, failure);
      account(record, refused.status, started);
      return send(std::move(refused));
    }
    // What the call changed is dropped from the resource cache before the client hears of it.
    if (head.status < 300) state->gateway.drop_changes(changes);
    const int status = head.status;
    ResponseHead out;
    out.status = head.status;
    out.content_type = std::move(head.content_type);
    out.headers = std::move(head.headers);
    out.content_length = head.content_length;
    if (request.method == "HEAD" ||
        (head.content_length && *head.content_length <= StreamClient::kDeferredAnswer)) {
      // A small answer is collected and written in one go.
      small = std::move(out);
      return collect(status);
    }
    stream->write_head(std::move(out), [self = shared_from_this(), status](bool ok) {
      if (!ok) return self->broken(status, "the client left");
      self->relay(status);
    });
  }

  void collect(int status) {
    link->read_piece([self = shared_from_this(), status](bool ok, std::string piece) {
      if (!ok) return self->broken(status, self->link->failure());
      if (!piece.empty()) {
        self->body += piece;
        return self->collect(status);
      }
      self->account(self->record, status, self->started);
      self->write_answer(std::move(*self->small), std::move(self->body));
    });
  }

  void relay(int status) {
    link->read_piece([self = shared_from_this(), status](bool ok, std::string piece) {
      if (!ok) return self->broken(status, self->link->failure());
      if (piece.empty()) {
        self->account(self->record, status, self->started);
        return self->stream->finish();
      }
      self->stream->write_body(std::move(piece), [self, status](bool ok) {
        if (!ok) return self->broken(status, "the client left");
        self->relay(status);
      });
    });
  }

  // The upstream or the client failed once the answer had begun: the answer is cut short.
  void broken(int status, const std::string& why) {
    record.error_code = "ConnectionBroken";
    account(record, status, started);
    log::write(log::Level::kDebug, "gateway: answer cut short: " + why);
    stream->abort();
  }

  // The forwarded-call counts and the access log line.
  void account(const gateway::GatewayRecord& g, int status,
               std::chrono::steady_clock::time_point start) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    state->gateway.counts().count(g, status, micros);
    if (state->access_log) {
      api::RequestRecord line{g.service,       g.action,        g.account,
                              g.principal_arn, g.access_key_id, g.error_code,
                              g.authorization, g.request_id,    status};
      log::write(log::Level::kInfo, access_log_line(line, micros));
    }
  }

  // On a worker thread: the gateway waits for the upstream here.
  void run() {
    const auto start = std::chrono::steady_clock::now();
    gateway::GatewayRecord g;
    StreamClient client(stream);
    std::optional<HttpResponse> own;
    try {
      own = state->gateway.exchange(request, client, g);
    } catch (const std::exception& e) {
      // Nothing may escape a worker (the pool would end the process): the answer is cut short.
      log::write(log::Level::kError, std::string("gateway exchange failed: ") + e.what());
      return stream->abort();
    }
    account(g, own ? own->status : client.status, start);
    if (own) return send(std::move(*own));
    if (g.error_code == "ConnectionBroken") return stream->abort();
    if (client.deferred)
      return write_answer(std::move(*client.deferred), std::move(client.deferred_body));
    stream->finish();
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
    write_answer(std::move(head), std::move(response.body));
  }

  void write_answer(ResponseHead head, std::string answer) {
    body = std::move(answer);
    stream->write_head(std::move(head), [self = shared_from_this()](bool ok) {
      if (!ok || self->body.empty()) return self->stream->finish();
      self->stream->write_body(std::move(self->body), [self](bool) { self->stream->finish(); });
    });
  }
};

}  // namespace

GatewayRoute::GatewayRoute(const gateway::Gateway& gateway, size_t body_limit,
                           BufferedHandler dispatcher, size_t workers)
    : state_(std::make_shared<State>(gateway, body_limit, std::move(dispatcher), workers)) {}

GatewayRoute::~GatewayRoute() { wait(); }

void GatewayRoute::wait() {
  state_->pool.join();
  state_->links.clear();  // their sockets belong to the server's io_context
}

RouteRow GatewayRoute::row() {
  RouteRow row{"", "/", true, false, {}, {}};
  row.when = [](const HttpRequest& head) {
    const std::string service = signed_service(head);
    return !service.empty() && !api::service_from_name(service);
  };
  row.route.streaming = [state = state_](HttpRequest&& head, std::shared_ptr<HttpStream> stream) {
    auto forward = std::make_shared<Forward>();
    forward->state = state;
    forward->stream = std::move(stream);
    forward->request = std::move(head);
    forward->start();
  };
  return row;
}

}  // namespace localiam::server
