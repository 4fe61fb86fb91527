// The upstream connection pool and the streamed exchange, against a tiny HTTP server on a real
// socket: a clean keep-alive exchange leaves its connection for the next one, a connection the
// upstream closes is not reused, idle ones expire and are bounded, a body that fails its check
// reaches the upstream incomplete and its connection is dropped, and a silent or absent upstream
// fails within its timeouts.
#include "gateway/upstream_pool.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/stream_forward.hpp"

using namespace localiam;
using namespace localiam::gateway;

namespace {

// Answers every request "200 ok" (keep-alive unless `close_each`); `silent` answers nothing.
// Records how many connections it accepted and how many body bytes each request brought.
class FixedServer {
 public:
  explicit FixedServer(bool close_each = false, bool silent = false)
      : close_each_(close_each), silent_(silent) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    url.host = "127.0.0.1";
    url.port = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~FixedServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    acceptor_.join();
    for (auto& t : workers_) t.join();
  }

  UpstreamUrl url;
  std::atomic<int> accepted{0};
  std::mutex mutex;
  std::vector<size_t> bodies;  // guarded by mutex: body bytes received per request

 private:
  void accept_loop() {
    for (;;) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0 || stop_) {
        if (c >= 0) ::close(c);
        return;
      }
      ++accepted;
      workers_.emplace_back([this, c] { serve(c); });
    }
  }
  void serve(int c) {
    std::string in;
    char buf[65536];
    for (;;) {
      size_t head_end;
      while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) return (void)::close(c);
        in.append(buf, static_cast<size_t>(n));
      }
      size_t length = 0;
      const size_t at = in.find("Content-Length: ");
      if (at != std::string::npos && at < head_end) length = std::stoul(in.substr(at + 16));
      in.erase(0, head_end + 4);
      while (in.size() < length) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) {
          std::lock_guard<std::mutex> lock(mutex);
          bodies.push_back(in.size());
          return (void)::close(c);
        }
        in.append(buf, static_cast<size_t>(n));
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        bodies.push_back(length);
      }
      in.erase(0, length);
      if (silent_) {
        ::recv(c, buf, sizeof buf, 0);  // until the client gives up
        return (void)::close(c);
      }
      const std::string answer =
          close_each_ ? "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
                      : "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nUpgrade: h2c\r\n"
                        "X-Kept: yes\r\nContent-Length: 2\r\n\r\nok";
      ::send(c, answer.data(), answer.size(), MSG_NOSIGNAL);
      if (close_each_) return (void)::close(c);
    }
  }

  int fd_;
  bool close_each_, silent_;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

HttpRequest put(std::string body) {
  HttpRequest r;
  r.method = "PUT";
  r.target = "/bucket/key";
  r.headers = {{"Host", "upstream"}};
  r.body = std::move(body);
  return r;
}

ForwardResult exchange(UpstreamPool& pool, const UpstreamUrl& url, const HttpRequest& request,
                       std::string* answer = nullptr,
                       UpstreamTimeouts timeouts = UpstreamTimeouts{},
                       HeaderList* headers = nullptr) {
  BufferedClient client(false);
  ForwardBody body;
  body.buffered = request.body;
  body.upstream_length = request.body.size();
  ForwardResult r = forward_exchange(pool, url, timeouts, request, body, client);
  HttpResponse response = client.take();
  if (answer) *answer = response.body;
  if (headers) *headers = response.headers;
  return r;
}

// A client whose body arrives in the given pieces.
struct PiecesClient : ClientSide {
  std::vector<std::string> pieces;
  size_t next = 0;
  bool read(std::string& piece) override {
    piece = next < pieces.size() ? pieces[next++] : std::string();
    return true;
  }
  bool write_head(UpstreamHead) override { return true; }
  bool write(std::string) override { return true; }
};

}  // namespace

TEST_CASE("a clean keep-alive exchange leaves its connection for the next", "[gateway][pool]") {
  FixedServer server;
  UpstreamPool pool;
  std::string answer;
  for (int i = 0; i < 3; ++i) {
    HeaderList headers;
    REQUIRE(
        exchange(pool, server.url, put("hello"), &answer, UpstreamTimeouts{}, &headers).outcome ==
        ForwardResult::Outcome::kRelayed);
    CHECK(answer == "ok");
    // Hop-by-hop headers stay between localiam and the upstream.
    CHECK(headers == HeaderList{{"X-Kept", "yes"}});
  }
  CHECK(server.accepted == 1);
  CHECK(pool.idle() == 1);
}

TEST_CASE("a connection the upstream closes is not kept", "[gateway][pool]") {
  FixedServer server(true);
  UpstreamPool pool;
  REQUIRE(exchange(pool, server.url, put("a")).outcome == ForwardResult::Outcome::kRelayed);
  CHECK(pool.idle() == 0);
  REQUIRE(exchange(pool, server.url, put("b")).outcome == ForwardResult::Outcome::kRelayed);
  CHECK(server.accepted == 2);
}

TEST_CASE("idle connections expire and are bounded", "[gateway][pool]") {
  FixedServer server;
  SECTION("idle timeout") {
    UpstreamPool pool(UpstreamPool::Limits{8, std::chrono::milliseconds(0)});
    REQUIRE(exchange(pool, server.url, put("a")).outcome == ForwardResult::Outcome::kRelayed);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(exchange(pool, server.url, put("b")).outcome == ForwardResult::Outcome::kRelayed);
    CHECK(server.accepted == 2);
  }
  SECTION("at most max_idle") {
    UpstreamPool pool(UpstreamPool::Limits{2, std::chrono::milliseconds(60000)});
    std::vector<std::unique_ptr<UpstreamConnection>> held;
    for (int i = 0; i < 3; ++i) {
      auto c = pool.take(server.url);
      std::string failure, piece;
      UpstreamHead head;
      REQUIRE(c->connect(UpstreamTimeouts{}, failure));
      REQUIRE(c->write_head(put(""), 0, failure));
      REQUIRE(c->end_body(failure));
      REQUIRE(c->read_head(false, head, failure));
      do REQUIRE(c->read_body(piece, failure));
      while (!piece.empty());
      REQUIRE(c->reusable());
      held.push_back(std::move(c));
    }
    for (auto& c : held) pool.give_back(std::move(c));
    CHECK(pool.idle() == 2);
  }
}

TEST_CASE("a streamed body that fails its check never reaches the upstream whole",
          "[gateway][pool]") {
  FixedServer server;
  UpstreamPool pool;
  PiecesClient client;
  client.pieces = {std::string(70000, 'a'), std::string(30000, 'b')};
  ForwardBody body;
  body.from_client = true;
  body.upstream_length = 100000;
  body.check = BodyCheck::sha256(std::string(64, '0'));
  HttpRequest head = put("");
  const ForwardResult r =
      forward_exchange(pool, server.url, UpstreamTimeouts{}, head, body, client);
  REQUIRE(r.outcome == ForwardResult::Outcome::kBodyRefused);
  CHECK(r.error->code == "XAmzContentSHA256Mismatch");
  CHECK(pool.idle() == 0);
  // The upstream saw the connection end before the body's last byte.
  for (int i = 0; i < 200; ++i) {
    std::lock_guard<std::mutex> lock(server.mutex);
    if (!server.bodies.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::lock_guard<std::mutex> lock(server.mutex);
  REQUIRE(server.bodies.size() == 1);
  CHECK(server.bodies[0] < 100000);
}

TEST_CASE("a silent or absent upstream fails within its timeouts", "[gateway][pool]") {
  UpstreamPool pool;
  UpstreamTimeouts quick{std::chrono::milliseconds(500), std::chrono::milliseconds(200)};
  SECTION("silent") {
    FixedServer server(false, true);
    const auto start = std::chrono::steady_clock::now();
    const ForwardResult r = exchange(pool, server.url, put("x"), nullptr, quick);
    CHECK(r.outcome == ForwardResult::Outcome::kUpstreamFailed);
    CHECK(r.failure == "reading the answer: timed out");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  }
  SECTION("absent") {
    UpstreamUrl nowhere;
    {
      FixedServer gone;  // a port that was free a moment ago
      nowhere = gone.url;
    }
    const ForwardResult r = exchange(pool, nowhere, put("x"), nullptr, quick);
    CHECK(r.outcome == ForwardResult::Outcome::kUpstreamFailed);
    CHECK_THAT(r.failure, Catch::StartsWith("connecting: "));
  }
  CHECK(pool.idle() == 0);
}
