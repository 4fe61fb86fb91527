#include "server/routes.hpp"

#include <deque>
#include <memory>
#include <utility>

namespace localiam::server {
namespace {

bool matches(const RouteRow& row, const HttpRequest& head) {
  if (!row.method.empty() && row.method != head.method) return false;
  const std::string_view path = head.path();
  if (row.prefix ? !path.starts_with(row.path) : path != row.path) return false;
  return !row.when || row.when(head);
}

// HttpStream over strings, for answer(): callbacks are queued and run one after another by
// run(), never inside the call that caused them, so that a route writing many pieces does not
// recurse.
class InProcessStream : public HttpStream {
 public:
  InProcessStream(std::string body, bool head_method)
      : body_(std::move(body)), head_method_(head_method) {}

  void read_body(Piece on_piece) override {
    const std::string_view piece = body_given_ ? std::string_view() : std::string_view(body_);
    body_given_ = true;
    later([on_piece = std::move(on_piece), piece] { on_piece(true, piece); });
  }
  void write_head(ResponseHead head, Done done) override {
    const bool ok = !head_sent_ && !finished_;
    if (ok) {
      response_.status = head.status;
      response_.content_type = std::move(head.content_type);
      response_.headers = std::move(head.headers);
    }
    head_sent_ = true;
    later([done = std::move(done), ok] { done(ok); });
  }
  void write_body(std::string piece, Done done) override {
    const bool ok = head_sent_ && !finished_;
    if (ok && !head_method_) response_.body += piece;
    later([done = std::move(done), ok] { done(ok); });
  }
  void finish() override { finished_ = true; }

  // Runs queued callbacks until none is left; the response, or a 500 for a route that did not
  // answer.
  HttpResponse run() {
    while (!queue_.empty()) {
      auto next = std::move(queue_.front());
      queue_.pop_front();
      next();
    }
    if (finished_ && head_sent_) return std::move(response_);
    HttpResponse error;
    error.status = 500;
    error.content_type = "text/plain";
    error.body = "Internal Server Error\n";
    return error;
  }

 private:
  void later(std::function<void()> step) { queue_.push_back(std::move(step)); }

  std::string body_;
  bool head_method_;
  bool body_given_ = false;
  bool head_sent_ = false;
  bool finished_ = false;
  HttpResponse response_;
  std::deque<std::function<void()>> queue_;
};

}  // namespace

RouteTable::RouteTable() {
  refusal_.buffered = [this](HttpRequest&& request) {
    std::optional<HttpResponse> refused = guard_ ? guard_(request) : std::nullopt;
    return HttpReply{refused ? std::move(*refused) : HttpResponse{}, {}};
  };
}

const Route& RouteTable::pick(const HttpRequest& head) const {
  for (const RouteRow& row : rows_) {
    if (!matches(row, head)) continue;
    if (row.guarded && guard_ && guard_(head)) return refusal_;
    return row.route;
  }
  return fallback_;
}

HttpResponse RouteTable::answer(HttpRequest request) const {
  const Route& route = pick(request);
  if (route.streaming) {
    std::string body = std::move(request.body);
    request.body.clear();
    auto stream = std::make_shared<InProcessStream>(std::move(body), request.method == "HEAD");
    route.streaming(std::move(request), stream);
    return stream->run();
  }
  HttpReply reply = route.buffered(std::move(request));
  if (!reply.ready) return std::move(reply.response);
  return reply.ready(std::move(reply.response));
}

}  // namespace localiam::server
