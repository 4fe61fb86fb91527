// HttpServer with streaming and buffered routes, over a real socket: a streaming route reads a
// request body in pieces (Content-Length or chunked, after a 100 Continue when asked) and
// answers chunked; the connection then serves a pipelined request; a buffered route's
// completion runs before its response leaves; the body limit applies to buffered routes only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>

#include "server/http_server.hpp"

using namespace localiam;
using namespace localiam::server;

namespace {

// Sends `bytes`, reads until the server closes the connection.
std::string exchange(uint16_t port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    REQUIRE(n > 0);
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

// Decodes the chunked body that starts at `at`; returns it, and sets `at` past its end.
std::string dechunk(const std::string& text, size_t& at, int& chunks) {
  std::string body;
  chunks = 0;
  for (;;) {
    const size_t eol = text.find("\r\n", at);
    REQUIRE(eol != std::string::npos);
    const size_t size = std::stoul(text.substr(at, eol - at), nullptr, 16);
    at = eol + 2;
    if (size == 0) {
      at += 2;
      return body;
    }
    ++chunks;
    body += text.substr(at, size);
    at += size + 2;
  }
}

// Echoes the request body back, a chunk per piece read, then "|pieces=N". The head goes out
// once the first piece (or the end of the body) is read, so a 100 Continue comes before it.
struct Echo : std::enable_shared_from_this<Echo> {
  std::shared_ptr<HttpStream> stream;
  std::string target;
  int pieces = 0;
  bool head_sent = false;

  void read() {
    stream->read_body([self = shared_from_this()](bool ok, std::string_view piece) {
      if (!ok) return self->stream->finish();
      self->answer(piece.empty() ? "|pieces=" + std::to_string(self->pieces) : std::string(piece),
                   piece.empty());
    });
  }
  void answer(std::string text, bool last) {
    if (!last) ++pieces;
    auto then = [self = shared_from_this(), last](bool ok) {
      if (!ok || last) return self->stream->finish();
      self->read();
    };
    if (head_sent) return stream->write_body(std::move(text), then);
    head_sent = true;
    ResponseHead out;
    out.content_type = "text/plain";
    out.headers.emplace_back("X-Target", target);
    stream->write_head(out, [self = shared_from_this(), text = std::move(text), then](bool ok) {
      if (!ok) return self->stream->finish();
      self->stream->write_body(text, then);
    });
  }
};

void echo(HttpRequest&& head, std::shared_ptr<HttpStream> stream) {
  auto job = std::make_shared<Echo>();
  job->stream = std::move(stream);
  job->target = head.target;
  job->read();
}

class TestServer {
 public:
  explicit TestServer(size_t body_limit) {
    stream_route_.streaming = echo;
    plain_route_.buffered = [this](HttpRequest&& request) {
      HttpResponse response;
      response.content_type = "text/plain";
      response.body = "plain:" + std::to_string(request.body.size());
      // The completion runs after the route returned; it stamps the response it lets go.
      return HttpReply{response, [this](HttpResponse r) {
                         r.headers.emplace_back("X-Completed", std::to_string(++completions_));
                         return r;
                       }};
    };
    HttpServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.body_limit = body_limit;
    server_ =
        std::make_unique<HttpServer>(options, [this](const HttpRequest& head) -> const Route& {
          return head.path() == "/stream" ? stream_route_ : plain_route_;
        });
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    server_->stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

 private:
  Route stream_route_;
  Route plain_route_;
  int completions_ = 0;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a streaming route reads a large body in pieces, then the connection goes on",
          "[server][http]") {
  TestServer server(1024);  // far below the body: the limit is the buffered routes'
  const std::string body(300 * 1024, 'x');
  const std::string answer = exchange(
      server.port(),
      "POST /stream?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body + "GET /plain HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  REQUIRE(answer.starts_with("HTTP/1.1 200 OK\r\n"));
  const size_t head_end = answer.find("\r\n\r\n");
  const std::string head = answer.substr(0, head_end);
  CHECK(head.find("Transfer-Encoding: chunked") != std::string::npos);
  CHECK(head.find("X-Target: /stream?a=1") != std::string::npos);
  size_t at = head_end + 4;
  int chunks = 0;
  const std::string echoed = dechunk(answer, at, chunks);
  REQUIRE(echoed.starts_with(body));
  const int pieces = std::stoi(echoed.substr(body.size() + std::string("|pieces=").size()));
  CHECK(pieces >= 300 / 64);  // at most 64 KiB a piece
  CHECK(chunks == pieces + 1);
  // The pipelined request after it was read from the same connection.
  const std::string rest = answer.substr(at);
  CHECK(rest.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(rest.find("X-Completed: 1\r\n") != std::string::npos);
  CHECK(rest.ends_with("plain:0"));
}

TEST_CASE("a streaming route gets a chunked body after 100 Continue", "[server][http]") {
  TestServer server(1024);
  const std::string answer =
      exchange(server.port(),
               "PUT /stream HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nConnection: close\r\n"
               "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  REQUIRE(answer.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"));
  CHECK(answer.find("Connection: close\r\n") != std::string::npos);
  size_t at = answer.find("\r\n\r\n", 30) + 4;
  int chunks = 0;
  const std::string echoed = dechunk(answer, at, chunks);
  CHECK(echoed.starts_with("hello world|pieces="));
  CHECK(at == answer.size());
}

TEST_CASE("buffered routes keep the body limit and wait for their completion", "[server][http]") {
  TestServer server(1024);
  const std::string small(1000, 'y');
  std::string answer = exchange(
      server.port(), "POST /plain HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n" + small +
                         "POST /plain HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
                         "Connection: close\r\n\r\nabc");
  const size_t second = answer.find("HTTP/1.1 200 OK", 10);
  REQUIRE(second != std::string::npos);
  CHECK(answer.substr(0, second).find("X-Completed: 1\r\n") != std::string::npos);
  CHECK(answer.substr(0, second).ends_with("plain:1000"));
  CHECK(answer.substr(second).find("X-Completed: 2\r\n") != std::string::npos);
  CHECK(answer.ends_with("plain:3"));

  answer =
      exchange(server.port(), "POST /plain HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\n\r\n" +
                                  std::string(1025, 'z'));
  CHECK(answer.starts_with("HTTP/1.1 413 "));
  answer = exchange(server.port(),
                    "POST /plain HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "401\r\n" +
                        std::string(1025, 'z') + "\r\n0\r\n\r\n");
  CHECK(answer.starts_with("HTTP/1.1 413 "));
}
