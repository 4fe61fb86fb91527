#include "gateway/stream_forward.hpp"

#include <memory>
#include <utility>

namespace localiam::gateway {

bool BufferedClient::read(std::string& piece) {
  piece.clear();
  return true;
}

bool BufferedClient::write_head(UpstreamHead head) {
  response_.status = head.status;
  response_.content_type = std::move(head.content_type);
  response_.headers = std::move(head.headers);
  if (head_request_ && head.content_length)
    response_.headers.emplace_back("Content-Length", std::to_string(*head.content_length));
  return true;
}

bool BufferedClient::write(std::string piece) {
  if (response_.body.size() + piece.size() > limit_) {
    too_large_ = true;
    return false;
  }
  response_.body.append(piece);
  return true;
}

namespace {

using Outcome = ForwardResult::Outcome;

ForwardResult upstream_failed(std::string failure) {
  ForwardResult r;
  r.outcome = Outcome::kUpstreamFailed;
  r.failure = std::move(failure);
  return r;
}

// Sends the request body. `consumed` tells whether anything was taken from the client (after
// which a failed attempt cannot be retried).
ForwardResult send_body(UpstreamConnection& conn, ForwardBody& body, ClientSide& client,
                        bool& consumed) {
  std::string failure;
  std::string out;
  if (!body.from_client) {
    if (Status s = body.check.feed(body.buffered, out); !s.ok())
      return {Outcome::kBodyRefused, s.error(), ""};
    if (Status s = body.check.finish(); !s.ok()) return {Outcome::kBodyRefused, s.error(), ""};
    if (!conn.write_body(out, failure) || !conn.end_body(failure)) return upstream_failed(failure);
    return {};
  }
  std::string piece;
  std::string held;  // the last byte, sent once the whole body passed its check
  for (;;) {
    consumed = true;
    if (!client.read(piece)) {
      conn.close();
      return {Outcome::kClientFailed, std::nullopt, "the client's body failed"};
    }
    if (piece.empty()) break;
    out.clear();
    if (Status s = body.check.feed(piece, out); !s.ok()) {
      conn.close();
      return {Outcome::kBodyRefused, s.error(), ""};
    }
    if (out.empty()) continue;
    if (!conn.write_body(held, failure) ||
        !conn.write_body(std::string_view(out).substr(0, out.size() - 1), failure))
      return upstream_failed(failure);
    held.assign(1, out.back());
  }
  if (Status s = body.check.finish(); !s.ok()) {
    conn.close();
    return {Outcome::kBodyRefused, s.error(), ""};
  }
  if (!conn.write_body(held, failure) || !conn.end_body(failure)) return upstream_failed(failure);
  return {};
}

}  // namespace

ForwardResult forward_exchange(UpstreamPool& pool, const UpstreamUrl& upstream,
                               const UpstreamTimeouts& timeouts, const HttpRequest& head,
                               ForwardBody& body, ClientSide& client) {
  const bool head_request = head.method == "HEAD";
  std::string failure;
  bool consumed = false;
  std::unique_ptr<UpstreamConnection> conn;
  UpstreamHead answer;
  // A pooled connection the upstream closed meanwhile fails on first use: one more try on a
  // fresh connection, as long as nothing was taken from the client yet.
  for (int attempt = 0;; ++attempt) {
    conn = attempt == 0 ? pool.take(upstream) : std::make_unique<UpstreamConnection>(upstream);
    const bool reused = conn->reused();
    if (!conn->connect(timeouts, failure)) return upstream_failed(failure);
    if (!conn->write_head(head, body.upstream_length, failure)) {
      if (reused && attempt == 0) continue;
      return upstream_failed(failure);
    }
    ForwardResult sent = send_body(*conn, body, client, consumed);
    if (sent.outcome == Outcome::kUpstreamFailed && reused && attempt == 0 && !consumed) continue;
    if (sent.outcome != Outcome::kRelayed) return sent;
    if (!conn->read_head(head_request, answer, failure)) {
      if (reused && attempt == 0 && !consumed) continue;
      return upstream_failed(failure);
    }
    break;
  }
  if (!client.write_head(std::move(answer))) {
    conn->close();
    return {Outcome::kClientFailed, std::nullopt, "the client left"};
  }
  std::string piece;
  for (;;) {
    if (!conn->read_body(piece, failure)) return {Outcome::kBrokeAfterHead, std::nullopt, failure};
    if (piece.empty()) break;
    if (!client.write(std::move(piece))) {
      conn->close();
      return {Outcome::kClientFailed, std::nullopt, "the client left"};
    }
    piece = std::string();
  }
  pool.give_back(std::move(conn));
  return {};
}

}  // namespace localiam::gateway
