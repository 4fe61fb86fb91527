// A TCP socket to an upstream whose every read and write waits at most until a deadline, for a
// thread that may block (the gateway's workers). It meets Beast's SyncReadStream and
// SyncWriteStream, so Beast's synchronous HTTP reads and writes run on it with no io_context, no
// reactor and no timer: a step is one send or recv, plus one poll() when the peer is not ready.
// A write may be held (hold()) and sent with the next one in a single sendmsg, so that a request's
// head and its small body leave in one packet. A missed deadline is beast::error::timeout, the
// peer's close asio::error::eof, other failures the errno. Not thread-safe.
#pragma once

#include <sys/uio.h>

#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <cstddef>
#include <string>

namespace localiam::gateway {

class DeadlineSocket {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineSocket() = default;
  ~DeadlineSocket() { close(); }
  DeadlineSocket(const DeadlineSocket&) = delete;
  DeadlineSocket& operator=(const DeadlineSocket&) = delete;

  // Resolves `host` and connects to the first address that answers within `timeout`.
  void connect(const std::string& host, uint16_t port, std::chrono::milliseconds timeout,
               boost::system::error_code& ec);
  bool is_open() const { return fd_ >= 0; }
  int native_handle() const { return fd_; }
  void close();

  // Every later read and write fails with beast::error::timeout once `deadline` has passed.
  void expires_after(std::chrono::milliseconds timeout) { deadline_ = Clock::now() + timeout; }
  // While held, writes are kept and go out in front of the first write after release().
  void hold() { holding_ = true; }
  void release() { holding_ = false; }
  // Sends what is held now.
  void flush(boost::system::error_code& ec);

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    const auto first = boost::asio::buffer_sequence_begin(buffers);
    if (first == boost::asio::buffer_sequence_end(buffers)) return 0;
    const boost::asio::mutable_buffer b = *first;
    return receive(b.data(), b.size(), ec);
  }
  // The throwing forms the concepts ask for as well.
  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers) {
    return or_throw([&](boost::system::error_code& ec) { return read_some(buffers, ec); });
  }

  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    iovec parts[kMaxParts];
    int count = 0;
    size_t total = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && count < kMaxParts; ++it) {
      const boost::asio::const_buffer b = *it;
      if (b.size() == 0) continue;
      parts[count++] = {const_cast<void*>(b.data()), b.size()};
      total += b.size();
    }
    if (holding_) {
      for (int i = 0; i < count; ++i)
        held_.append(static_cast<const char*>(parts[i].iov_base), parts[i].iov_len);
      ec = {};
      return total;
    }
    return send(parts, count, ec);
  }
  template <typename ConstBuffers>
  size_t write_some(const ConstBuffers& buffers) {
    return or_throw([&](boost::system::error_code& ec) { return write_some(buffers, ec); });
  }

 private:
  static constexpr int kMaxParts = 16;
  template <typename Step>
  static size_t or_throw(Step step) {
    boost::system::error_code ec;
    const size_t n = step(ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  // Waits until the socket is ready for `events` (POLLIN, POLLOUT) or the deadline passed.
  bool wait(short events, boost::system::error_code& ec);
  size_t receive(void* data, size_t size, boost::system::error_code& ec);
  // Sends the held bytes and then `parts`; returns how many of `parts`' bytes were sent.
  size_t send(const iovec* parts, int count, boost::system::error_code& ec);

  int fd_ = -1;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool holding_ = false;
  std::string held_;
};

}  // namespace localiam::gateway
