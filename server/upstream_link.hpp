// The gateway route's exchange with an upstream that blocks no thread, for a request whose whole
// body is here and whose decision is made (gateway::Gateway::prepare): it runs on the client
// connection's own thread, on a keep-alive connection from UpstreamLinks (or a new one); the
// request's bytes go out in one write, then the answer's head is read, then its body piece by
// piece as the caller asks for it (back-pressure). Every step has the gateway's deadlines (the
// connect timeout, then the exchange timeout per step). A pooled connection the upstream closed
// while idle fails on first use: the exchange is tried once more on a new one, nothing of the
// answer having been seen. A connection goes back to the pool only after a clean exchange. No
// Beast here; the Asio inside is server-private (server/upstream_link.cpp).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "gateway/upstream_connection.hpp"
#include "gateway/upstream_url.hpp"
#include "server/http_stream.hpp"

namespace localiam::server {

// Idle keep-alive connections for the links, at most 64, each kept at most 15 s. Thread-safe.
class UpstreamLinks {
 public:
  UpstreamLinks();
  ~UpstreamLinks();
  UpstreamLinks(const UpstreamLinks&) = delete;
  UpstreamLinks& operator=(const UpstreamLinks&) = delete;
  // Closes the idle connections. Call before the server's io_context is destroyed.
  void clear();

  struct Impl;  // server/upstream_link.cpp
  std::unique_ptr<Impl> impl;
};

class UpstreamLink {
 public:
  // `failure` is "" once the head arrived, else what went wrong ("connecting: Connection
  // refused", "reading the answer: timed out").
  using OnHead = std::function<void(const std::string& failure, gateway::UpstreamHead head)>;
  // The next piece of the answer's body; empty once it ended. ok false: the upstream failed
  // mid-answer (failure() says how).
  using OnPiece = std::function<void(bool ok, std::string piece)>;

  // Whether start() can run on `client`: it is one of the server's connections (not an
  // in-process stream, which needs a blocking exchange).
  static bool can_start(HttpStream& client);
  // Starts the exchange on `client`'s connection thread; nullptr when !can_start(client).
  static std::shared_ptr<UpstreamLink> start(HttpStream& client, UpstreamLinks& links,
                                             const gateway::UpstreamUrl& upstream,
                                             const gateway::UpstreamTimeouts& timeouts,
                                             std::string wire, bool head_request, OnHead on_head);
  // After the head: reads the next piece. One call at a time.
  virtual void read_piece(OnPiece on_piece) = 0;
  virtual const std::string& failure() const = 0;
  virtual ~UpstreamLink() = default;
};

}  // namespace localiam::server
