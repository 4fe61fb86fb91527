// RouteTable: rows read top to bottom (method, exact path or prefix, a further condition), the
// guard's refusal for guarded rows, the fallback; answer() runs buffered routes with their
// completion and streaming routes in-process. compose_head: the framing the server owns.
#include "server/routes.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "server/response_head.hpp"

using namespace localiam;
using namespace localiam::server;

namespace {

Route buffered(std::string body) {
  Route route;
  route.buffered = [body](HttpRequest&&) {
    HttpResponse r;
    r.body = body;
    return HttpReply{r, {}};
  };
  return route;
}

HttpRequest request(std::string method, std::string target) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  return r;
}

}  // namespace

TEST_CASE("the first matching row answers; others fall through to the fallback", "[server]") {
  RouteTable table;
  table.add({"GET", "/a", false, false, {}, buffered("get a")});
  table.add({"", "/a", false, false, {}, buffered("any a")});
  table.add({"", "/p/", true, false, {}, buffered("prefix")});
  table.add({"", "/", false, false,
             [](const HttpRequest& r) { return r.header("X-Yes") != nullptr; }, buffered("when")});
  table.set_fallback(buffered("fallback"));

  CHECK(table.answer(request("GET", "/a?x=1")).body == "get a");
  CHECK(table.answer(request("POST", "/a")).body == "any a");
  CHECK(table.answer(request("GET", "/a/")).body == "fallback");
  CHECK(table.answer(request("PUT", "/p/q/r")).body == "prefix");
  CHECK(table.answer(request("PUT", "/p")).body == "fallback");
  CHECK(table.answer(request("GET", "/")).body == "fallback");
  HttpRequest marked = request("GET", "/");
  marked.headers.emplace_back("x-yes", "1");
  CHECK(table.answer(marked).body == "when");
}

TEST_CASE("guarded rows answer the guard's refusal; unguarded rows ignore it", "[server]") {
  RouteTable table;
  table.set_guard([](const HttpRequest& head) -> std::optional<HttpResponse> {
    if (head.header("Authorization")) return std::nullopt;
    HttpResponse no;
    no.status = 401;
    no.body = "refused";
    return no;
  });
  table.add({"", "/open", false, false, {}, buffered("open")});
  table.add({"", "/closed", false, true, {}, buffered("closed")});
  Route streaming;
  streaming.streaming = [](HttpRequest&&, std::shared_ptr<HttpStream> stream) {
    stream->write_head({}, [stream](bool) { stream->finish(); });
  };
  table.add({"", "/stream", false, true, {}, streaming});

  CHECK(table.answer(request("GET", "/open")).body == "open");
  HttpResponse refused = table.answer(request("GET", "/closed"));
  CHECK(refused.status == 401);
  CHECK(refused.body == "refused");
  CHECK(table.pick(request("GET", "/stream")).streaming == nullptr);
  HttpRequest allowed = request("GET", "/closed");
  allowed.headers.emplace_back("Authorization", "x");
  CHECK(table.answer(allowed).body == "closed");
  allowed.target = "/stream";
  CHECK(table.pick(allowed).streaming != nullptr);
}

TEST_CASE("answer() runs a buffered route's completion, which may replace the response",
          "[server]") {
  RouteTable table;
  int completions = 0;
  Route route;
  route.buffered = [&completions](HttpRequest&& r) {
    HttpResponse first;
    first.body = "before";
    return HttpReply{first, [&completions, body = r.body](HttpResponse response) {
                       ++completions;
                       response.body += " and " + body;
                       return response;
                     }};
  };
  table.set_fallback(route);
  HttpRequest r = request("POST", "/");
  r.body = "after";
  CHECK(table.answer(r).body == "before and after");
  CHECK(completions == 1);
}

namespace {

// Reads a stream's body piece by piece and writes each back, upper-cased, as its own piece. The
// pending callback holds the echo and the echo the stream: no cycle once the stream finishes.
struct UpperEcho : std::enable_shared_from_this<UpperEcho> {
  explicit UpperEcho(std::shared_ptr<HttpStream> s) : stream(std::move(s)) {}
  void read() {
    stream->read_body(
        [self = shared_from_this()](bool ok, std::string_view piece) { self->echo(ok, piece); });
  }
  void echo(bool ok, std::string_view piece) {
    if (!ok || piece.empty()) return stream->finish();
    std::string loud(piece);
    for (char& c : loud) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    stream->write_body(loud, [self = shared_from_this()](bool written) {
      if (!written) return self->stream->finish();
      self->read();
    });
  }
  std::shared_ptr<HttpStream> stream;
};

}  // namespace

TEST_CASE("answer() runs a streaming route: body in, head and pieces out", "[server]") {
  RouteTable table;
  Route echo;
  echo.streaming = [](HttpRequest&& head, std::shared_ptr<HttpStream> stream) {
    CHECK(head.body.empty());
    ResponseHead out;
    out.status = 201;
    out.content_type = "text/plain";
    out.headers.emplace_back("X-Route", "echo");
    auto echo_body = std::make_shared<UpperEcho>(stream);
    stream->write_head(out, [echo_body](bool ok) {
      REQUIRE(ok);
      echo_body->read();
    });
  };
  table.set_fallback(echo);
  HttpRequest r = request("POST", "/");
  r.body = "hello streams";
  HttpResponse response = table.answer(r);
  CHECK(response.status == 201);
  CHECK(response.content_type == "text/plain");
  CHECK(response.body == "HELLO STREAMS");
  REQUIRE(response.headers.size() == 1);
  CHECK(response.headers[0].second == "echo");

  // A streaming route that never finishes answers 500.
  Route silent;
  silent.streaming = [](HttpRequest&&, std::shared_ptr<HttpStream>) {};
  table.set_fallback(silent);
  CHECK(table.answer(request("GET", "/")).status == 500);
}

TEST_CASE("compose_head frames by length or chunks and drops headers the server owns", "[server]") {
  std::string head;
  HeaderList extra{
      {"Content-Length", "5"}, {"X-Ok", "yes"}, {"Bad Name", "v"}, {"X-Split", "a\r\nInjected: 1"}};
  compose_head(head, 11, 200, "application/json", extra, {std::nullopt, true, true});
  CHECK(head.starts_with("HTTP/1.1 200 OK\r\nServer: localiam\r\nDate: "));
  CHECK(head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
  CHECK(head.find("Content-Length") == std::string::npos);
  CHECK(head.find("X-Ok: yes\r\n") != std::string::npos);
  CHECK(head.find("Bad Name") == std::string::npos);
  CHECK(head.find("Injected") == std::string::npos);
  CHECK(head.ends_with("\r\n\r\n"));

  compose_head(head, 11, 413, "text/plain", {}, {size_t{7}, false, false});
  CHECK(head.starts_with("HTTP/1.1 413 Payload Too Large\r\n"));
  CHECK(head.find("Content-Length: 7\r\n") != std::string::npos);
  CHECK(head.find("Connection: close\r\n") != std::string::npos);

  compose_head(head, 10, 200, "", {}, {size_t{0}, false, true});
  CHECK(head.starts_with("HTTP/1.0 200 OK\r\n"));
  CHECK(head.find("Connection: keep-alive\r\n") != std::string::npos);
}
