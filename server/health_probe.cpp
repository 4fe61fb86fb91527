#include "server/health_probe.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace localiam::server {

namespace {

// Closes the socket when it goes out of scope.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - std::chrono::steady_clock::now())
                  .count();
  if (left <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left)) == 1;
}

}  // namespace

namespace {

// Connects to the admin endpoint and sends GET `path`; the socket, or -1 with out.error set.
int send_get(const std::string& host_in, uint16_t port, const std::string& path,
             const std::string& token, std::chrono::steady_clock::time_point deadline,
             AdminAnswer& out) {
  std::string host = host_in;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  const std::string service = std::to_string(port);
  out.where = host + ":" + service;

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    out.error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return -1;
  }
  Socket sock;
  std::string error = "cannot connect";
  for (addrinfo* a = found; a; a = a->ai_next) {
    sock.fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK, a->ai_protocol);
    if (sock.fd < 0) continue;
    if (::connect(sock.fd, a->ai_addr, a->ai_addrlen) == 0 ||
        (errno == EINPROGRESS && wait_for(sock.fd, POLLOUT, deadline))) {
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(sock.fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error == 0) break;
      error = std::string("cannot connect: ") + std::strerror(so_error);
    }
    ::close(sock.fd);
    sock.fd = -1;
  }
  ::freeaddrinfo(found);
  if (sock.fd < 0) {
    out.error = error + " to " + out.where;
    return -1;
  }

  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + out.where + "\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "Connection: close\r\n\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(sock.fd, POLLOUT, deadline)) {
      out.error = "timed out sending the request";
      return -1;
    }
    ssize_t n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      out.error = "the connection closed while sending";
      return -1;
    }
    sent += static_cast<size_t>(n);
  }
  const int fd = sock.fd;
  sock.fd = -1;  // the caller's now
  return fd;
}

// Reads the status line into `out`; the head is response[0, body_at).
void read_status(const std::string& response, AdminAnswer& out) {
  out.answered = true;
  out.status_line = response.substr(0, response.find("\r\n"));
  int code = 0;
  if (std::sscanf(out.status_line.c_str(), "HTTP/1.%*d %d", &code) == 1) out.status = code;
}

}  // namespace

AdminAnswer admin_get(const std::string& host, uint16_t port, const std::string& path,
                      const std::string& token, int timeout_seconds, size_t max_bytes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  AdminAnswer out;
  Socket sock;
  sock.fd = send_get(host, port, path, token, deadline, out);
  if (sock.fd < 0) return out;
  std::string response;
  char buf[4096];
  while (response.size() < max_bytes) {
    if (!wait_for(sock.fd, POLLIN, deadline)) {
      out.error = "timed out waiting for the answer";
      return out;
    }
    ssize_t n = ::recv(sock.fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  read_status(response, out);
  const size_t body_at = response.find("\r\n\r\n");
  out.body = body_at == std::string::npos ? "" : response.substr(body_at + 4);
  while (!out.body.empty() && (out.body.back() == '\n' || out.body.back() == '\r'))
    out.body.pop_back();
  return out;
}

AdminAnswer admin_follow(const std::string& host, uint16_t port, const std::string& path,
                         const std::string& token, int timeout_seconds,
                         const std::function<void()>& on_open,
                         const std::function<void(std::string_view data)>& on_event) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  AdminAnswer out;
  Socket sock;
  sock.fd = send_get(host, port, path, token, deadline, out);
  if (sock.fd < 0) return out;
  std::string head, chunked, events;  // raw bytes, de-chunked body, SSE text not yet complete
  bool in_body = false;
  char buf[16384];
  for (;;) {
    if (!in_body && !wait_for(sock.fd, POLLIN, deadline)) {
      out.error = "timed out waiting for the answer";
      return out;
    }
    pollfd p{sock.fd, POLLIN, 0};
    if (in_body && ::poll(&p, 1, -1) < 0 && errno != EINTR) break;
    ssize_t n = ::recv(sock.fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) break;
    if (!in_body) {
      head.append(buf, static_cast<size_t>(n));
      const size_t body_at = head.find("\r\n\r\n");
      if (body_at == std::string::npos) continue;
      read_status(head, out);
      chunked = head.substr(body_at + 4);
      head.resize(body_at);
      in_body = true;
      if (out.status != 200) {
        out.body = chunked;
        return out;  // the error answer is whole (it has a Content-Length)
      }
      on_open();
    } else {
      chunked.append(buf, static_cast<size_t>(n));
    }
    // Chunks: HEX SIZE CRLF, DATA CRLF; size 0 ends the body.
    for (;;) {
      const size_t line_end = chunked.find("\r\n");
      if (line_end == std::string::npos) break;
      const size_t size = std::strtoul(chunked.c_str(), nullptr, 16);
      if (size == 0) return out;
      if (chunked.size() < line_end + 2 + size + 2) break;
      events.append(chunked, line_end + 2, size);
      chunked.erase(0, line_end + 2 + size + 2);
    }
    // Events end with a blank line; only their data lines matter here.
    for (size_t end; (end = events.find("\n\n")) != std::string::npos;) {
      const std::string_view event(events.data(), end);
      for (size_t at = 0; at < event.size();) {
        const size_t nl = std::min(event.find('\n', at), event.size());
        const std::string_view line = event.substr(at, nl - at);
        if (line.starts_with("data: ")) on_event(line.substr(6));
        at = nl + 1;
      }
      events.erase(0, end + 2);
    }
  }
  return out;
}

HealthAnswer probe_health(const std::string& host, uint16_t port, int timeout_seconds) {
  const AdminAnswer answer = admin_get(host, port, "/_localiam/health", "", timeout_seconds, 65536);
  if (!answer.answered) return {false, answer.error};
  const std::string& body = answer.body;
  const std::string& status = answer.status_line;
  const std::string& where = answer.where;
  const bool ok = answer.status == 200;
  // localiam's health answer is one line of JSON naming the service; anything else (another
  // program's page, an error) is summed up in one line rather than printed.
  const bool localiam = body.starts_with("{\"status\":") && body.find('\n') == std::string::npos &&
                        body.find("\"version\":") != std::string::npos;
  if (!localiam) {
    if (status.empty() || !status.starts_with("HTTP/"))
      return {false, "no HTTP answer from " + where + ": it is not localiam"};
    return {false, "the server at " + where +
                       " is not localiam (GET /_localiam/health answered \"" + status + "\", " +
                       std::to_string(body.size()) + " bytes)"};
  }
  if (!ok) return {false, status + " " + body};
  return {body.find("\"status\":\"ok\"") != std::string::npos, body};
}

}  // namespace localiam::server
