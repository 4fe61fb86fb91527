#include "bench/gateway/fixed_upstream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

namespace localiam::bench {

namespace {

constexpr std::string_view kAnswer =
    "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
    "x-amzn-RequestId: fixed\r\nContent-Length: 2\r\n\r\n{}";

// The value of header `name` (lowercase) in `head`, or "".
std::string header(std::string_view head, std::string_view name) {
  size_t at = 0;
  while ((at = head.find("\r\n", at)) != std::string_view::npos) {
    at += 2;
    const size_t colon = head.find(':', at);
    if (colon == std::string_view::npos) break;
    std::string key(head.substr(at, colon - at));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (key == name) {
      const size_t end = head.find("\r\n", colon);
      std::string_view v = head.substr(colon + 1, end - colon - 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      return std::string(v);
    }
  }
  return "";
}

class Connection {
 public:
  explicit Connection(int fd) : fd_(fd) {}
  ~Connection() { ::close(fd_); }

  void serve() {
    for (;;) {
      size_t end;
      while ((end = in_.find("\r\n\r\n")) == std::string::npos)
        if (!fill()) return;
      const std::string head = in_.substr(0, end + 2);
      in_.erase(0, end + 4);
      const bool chunked = header(head, "transfer-encoding").find("chunked") != std::string::npos;
      if (chunked ? !skip_chunked()
                  : !skip(std::strtoull(header(head, "content-length").c_str(), nullptr, 10)))
        return;
      // "GET /download/N": N MiB of 'x', chunked (the gateway then streams an answer of unknown
      // length).
      const size_t space = head.find(' ');
      const std::string target = head.substr(space + 1, head.find(' ', space + 1) - space - 1);
      if (target.starts_with("/download/")) {
        if (!download(std::strtoull(target.c_str() + 10, nullptr, 10))) return;
        continue;
      }
      if (::send(fd_, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL) <= 0) return;
    }
  }

 private:
  bool download(uint64_t mib) {
    static constexpr std::string_view kHead =
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    if (!send_all(kHead)) return false;
    const std::string chunk = "100000\r\n" + std::string(1 << 20, 'x') + "\r\n";
    for (uint64_t i = 0; i < mib; ++i)
      if (!send_all(chunk)) return false;
    return send_all("0\r\n\r\n");
  }
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  bool fill() {
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    in_.append(buf, static_cast<size_t>(n));
    return true;
  }
  bool skip(uint64_t n) {
    while (n > 0) {
      if (in_.empty() && !fill()) return false;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(n, in_.size()));
      in_.erase(0, take);
      n -= take;
    }
    return true;
  }
  bool line(std::string& out) {
    size_t end;
    while ((end = in_.find("\r\n")) == std::string::npos)
      if (!fill()) return false;
    out = in_.substr(0, end);
    in_.erase(0, end + 2);
    return true;
  }
  bool skip_chunked() {
    std::string size;
    for (;;) {
      if (!line(size)) return false;
      const uint64_t n = std::strtoull(size.c_str(), nullptr, 16);
      if (n == 0) break;
      if (!skip(n + 2)) return false;
    }
    do
      if (!line(size)) return false;
    while (!size.empty());
    return true;
  }

  int fd_;
  std::string in_;
};

}  // namespace

int serve_fixed_upstream(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 512) != 0) {
    std::perror("fixed upstream");
    return 1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::printf("upstream listening on http://127.0.0.1:%u\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  for (;;) {
    const int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) continue;
    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::thread([c] { Connection(c).serve(); }).detach();
  }
}

}  // namespace localiam::bench
