#include "federation/https_fetch.hpp"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "common/ascii.hpp"

namespace localiam::federation {

namespace {

using Clock = std::chrono::steady_clock;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

std::optional<Url> parse_url(std::string_view url) {
  Url out;
  if (url.starts_with("https://")) {
    out.tls = true;
    url.remove_prefix(8);
    out.port = "443";
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
    out.port = "80";
  } else {
    return std::nullopt;
  }
  const size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    out.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
    if (out.port.empty()) return std::nullopt;
    for (char c : out.port)
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  out.host = std::string(authority);
  for (char c : out.target)
    if (c <= ' ' || c == 0x7f) return std::nullopt;  // no header injection
  for (char c : out.host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return std::nullopt;
  return out;
}

class Socket {
 public:
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

  bool connect(const Url& url, Clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found) != 0) return false;
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
    for (addrinfo* a = found; a; a = a->ai_next) {
      fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd_ < 0) continue;
      if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0 ||
          (errno == EINPROGRESS && wait(POLLOUT, deadline) && connected()))
        return true;
      ::close(fd_);
      fd_ = -1;
    }
    return false;
  }

  // Waits until the socket is ready for `events`; false at the deadline.
  bool wait(short events, Clock::time_point deadline) const {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(left)) == 1;
  }

 private:
  bool connected() const {
    int error = 0;
    socklen_t len = sizeof error;
    return getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0;
  }
  int fd_ = -1;
};

std::string sha1_hex(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha1(), digest, &len) != 1) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// A certificate the server presented has one of the thumbprints.
bool thumbprint_matches(SSL* ssl, const std::vector<std::string>& thumbprints) {
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  if (!chain) return false;
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    const std::string print = sha1_hex(sk_X509_value(chain, i));
    for (const std::string& wanted : thumbprints)
      if (!print.empty() && ascii::to_lower(wanted) == print) return true;
  }
  return false;
}

// Runs an OpenSSL call on a non-blocking socket until it completes or the deadline passes.
template <typename Call>
int with_retries(SSL* ssl, const Socket& socket, Clock::time_point deadline, Call call) {
  for (;;) {
    const int r = call();
    if (r > 0) return r;
    const int error = SSL_get_error(ssl, r);
    if (error == SSL_ERROR_WANT_READ) {
      if (!socket.wait(POLLIN, deadline)) return -1;
    } else if (error == SSL_ERROR_WANT_WRITE) {
      if (!socket.wait(POLLOUT, deadline)) return -1;
    } else {
      return r;  // 0: closed; <0: failed
    }
  }
}

class Stream {
 public:
  Stream(const Socket& socket, SSL* ssl, Clock::time_point deadline)
      : socket_(socket), ssl_(ssl), deadline_(deadline) {}

  bool write_all(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      int n = 0;
      if (ssl_) {
        n = with_retries(ssl_, socket_, deadline_, [&] {
          return SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent));
        });
      } else {
        if (!socket_.wait(POLLOUT, deadline_)) return false;
        n = static_cast<int>(
            ::send(socket_.fd(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL));
      }
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads until the peer closes; false on error, timeout or more than `max` bytes.
  bool read_all(std::string& out, size_t max) {
    char buffer[8192];
    for (;;) {
      int n = 0;
      if (ssl_) {
        n = with_retries(ssl_, socket_, deadline_,
                         [&] { return SSL_read(ssl_, buffer, sizeof buffer); });
        if (n <= 0) return SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN || n == 0;
      } else {
        if (!socket_.wait(POLLIN, deadline_)) return false;
        n = static_cast<int>(::recv(socket_.fd(), buffer, sizeof buffer, 0));
        if (n == 0) return true;
        if (n < 0) return false;
      }
      out.append(buffer, static_cast<size_t>(n));
      if (out.size() > max) return false;
    }
  }

 private:
  const Socket& socket_;
  SSL* ssl_;
  Clock::time_point deadline_;
};

// The body of an HTTP/1.x 200 response, with Content-Length or read to the end (no chunking:
// the request asks for HTTP/1.0).
std::optional<std::string> body_of(const std::string& response) {
  if (!response.starts_with("HTTP/1.")) return std::nullopt;
  const size_t space = response.find(' ');
  if (space == std::string::npos || response.compare(space + 1, 3, "200") != 0) return std::nullopt;
  const size_t end = response.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  return response.substr(end + 4);
}

}  // namespace

std::optional<std::string> fetch_url(std::string_view url_text, const FetchOptions& options) {
  auto url = parse_url(url_text);
  if (!url) return std::nullopt;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
  Socket socket;
  if (!socket.connect(*url, deadline)) return std::nullopt;

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(nullptr, SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(nullptr, SSL_free);
  if (url->tls) {
    context.reset(SSL_CTX_new(TLS_client_method()));
    if (!context) return std::nullopt;
    SSL_CTX_set_default_verify_paths(context.get());
    SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
    ssl.reset(SSL_new(context.get()));
    if (!ssl) return std::nullopt;
    SSL_set_fd(ssl.get(), socket.fd());
    SSL_set_tlsext_host_name(ssl.get(), url->host.c_str());
    SSL_set1_host(ssl.get(), url->host.c_str());
    SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);  // decided below
    if (with_retries(ssl.get(), socket, deadline, [&] { return SSL_connect(ssl.get()); }) <= 0) {
      ERR_clear_error();
      return std::nullopt;
    }
    const bool trusted_by_ca = SSL_get0_peer_certificate(ssl.get()) != nullptr &&
                               SSL_get_verify_result(ssl.get()) == X509_V_OK;
    if (!trusted_by_ca && !thumbprint_matches(ssl.get(), options.thumbprints)) {
      ERR_clear_error();
      return std::nullopt;
    }
  }
  Stream stream(socket, ssl.get(), deadline);
  const std::string request = "GET " + url->target + " HTTP/1.0\r\nHost: " + url->host +
                              "\r\nAccept: application/json\r\nUser-Agent: localiam\r\n\r\n";
  std::string response;
  const bool read = stream.write_all(request) && stream.read_all(response, options.max_bytes);
  ERR_clear_error();
  if (!read) return std::nullopt;
  return body_of(response);
}

}  // namespace localiam::federation
