// Server-private: the Boost.Asio/Beast types the listener and the sessions share. Included only
// by server/*.cpp files (and the server-private headers server_core.hpp and session.hpp), never
// by a header that code outside the HTTP edge includes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "common/log.hpp"

namespace localiam::server::edge {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using beast::error_code;
// Concrete executor types rather than any_io_executor: the type-erased executor showed up in
// profiles, copied and destroyed several times per request.
using Strand = net::strand<net::io_context::executor_type>;
using Socket = tcp::socket::rebind_executor<Strand>::other;
using Acceptor = tcp::acceptor::rebind_executor<Strand>::other;
using Stream = beast::basic_stream<tcp, Strand>;

// The longest a lingering close (after an error answer) keeps a connection: the stop sequence
// waits for it too.
inline constexpr std::chrono::seconds kMaxDrainTime{2};

inline void log_line(log::Level level, std::string_view message) {
  log::message(level, "http: " + std::string(message));
}

}  // namespace localiam::server::edge
