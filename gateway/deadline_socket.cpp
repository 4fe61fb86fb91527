#include "gateway/deadline_socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <cerrno>
#include <memory>

namespace localiam::gateway {

namespace {

boost::system::error_code from_errno(int e) { return {e, boost::system::system_category()}; }

}  // namespace

void DeadlineSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  held_.clear();
  holding_ = false;
}

bool DeadlineSocket::wait(short events, boost::system::error_code& ec) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline_ - Clock::now() + std::chrono::microseconds(999));
    if (left.count() <= 0) {
      ec = boost::beast::error::timeout;
      return false;
    }
    pollfd p{fd_, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) {
      ec = from_errno(errno);
      return false;
    }
  }
}

void DeadlineSocket::connect(const std::string& host, uint16_t port,
                             std::chrono::milliseconds timeout, boost::system::error_code& ec) {
  close();
  ec = {};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int r = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); r != 0) {
    ec = r == EAI_SYSTEM ? from_errno(errno) : boost::asio::error::host_not_found;
    return;
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  expires_after(timeout);
  for (const addrinfo* a = found; a; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) {
      ec = from_errno(errno);
      continue;
    }
    int error = 0;
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) < 0) {
      error = errno;
      if (error == EINPROGRESS && wait(POLLOUT, ec)) {
        socklen_t size = sizeof error;
        if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size) < 0) error = errno;
      } else if (error == EINPROGRESS) {
        close();
        return;  // the deadline passed: ec says timeout
      }
    }
    if (error == 0) {
      const int on = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      ec = {};
      return;
    }
    ec = from_errno(error);
    close();
  }
}

size_t DeadlineSocket::receive(void* data, size_t size, boost::system::error_code& ec) {
  ec = {};
  if (fd_ < 0) {
    ec = boost::asio::error::not_connected;
    return 0;
  }
  for (;;) {
    const ssize_t n = ::recv(fd_, data, size, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      ec = from_errno(errno);
      return 0;
    }
    if (!wait(POLLIN, ec)) return 0;
  }
}

size_t DeadlineSocket::send(const iovec* parts, int count, boost::system::error_code& ec) {
  ec = {};
  if (fd_ < 0) {
    ec = boost::asio::error::not_connected;
    return 0;
  }
  iovec all[kMaxParts + 1];
  for (;;) {
    int n = 0;
    if (!held_.empty()) all[n++] = {held_.data(), held_.size()};
    for (int i = 0; i < count; ++i) all[n++] = parts[i];
    if (n == 0) return 0;
    msghdr message{};
    message.msg_iov = all;
    message.msg_iovlen = static_cast<size_t>(n);
    const ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        ec = from_errno(errno);
        return 0;
      }
      if (!wait(POLLOUT, ec)) return 0;
      continue;
    }
    size_t done = static_cast<size_t>(sent);
    const size_t from_held = std::min(done, held_.size());
    held_.erase(0, from_held);
    done -= from_held;
    if (done > 0 || count == 0) return done;
    // Only held bytes went out: the caller's are still to send.
  }
}

void DeadlineSocket::flush(boost::system::error_code& ec) {
  ec = {};
  holding_ = false;
  while (!held_.empty() && !ec) send(nullptr, 0, ec);
}

}  // namespace localiam::gateway
