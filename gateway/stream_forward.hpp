// One exchange with the upstream, streamed both ways: the request head, its body piece by piece
// as the client sends it (through a BodyCheck, the last byte held back until the check passed),
// then the answer's head and body piece by piece back to the client. Each piece waits for the
// other side to take it (back-pressure: memory stays a few pieces whatever the body's size).
// Connections come from an UpstreamPool and go back only after a clean exchange. Runs on a
// thread that may block (the gateway route's workers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/aws_error.hpp"
#include "common/http_message.hpp"
#include "gateway/body_check.hpp"
#include "gateway/upstream_connection.hpp"
#include "gateway/upstream_pool.hpp"

namespace localiam::gateway {

// The client's side of an exchange, as the forwarding thread sees it. Each call blocks until
// done; false means the client's connection failed (the exchange stops).
class ClientSide {
 public:
  virtual ~ClientSide() = default;
  // The next piece of the request body into `piece`; empty once the body ended.
  virtual bool read(std::string& piece) = 0;
  virtual bool write_head(UpstreamHead head) = 0;
  virtual bool write(std::string piece) = 0;
};

// A ClientSide with no body to read that collects the answer whole (at most `limit` bytes),
// for callers that want one HttpResponse.
class BufferedClient : public ClientSide {
 public:
  explicit BufferedClient(bool head_request, uint64_t limit = 64ull << 20)
      : head_request_(head_request), limit_(limit) {}
  bool read(std::string& piece) override;
  bool write_head(UpstreamHead head) override;
  bool write(std::string piece) override;
  // The answer; a HEAD answer keeps the upstream's Content-Length as a header.
  HttpResponse take() { return std::move(response_); }
  bool too_large() const { return too_large_; }

 private:
  bool head_request_;
  uint64_t limit_;
  bool too_large_ = false;
  HttpResponse response_;
};

struct ForwardBody {
  std::string_view buffered;  // the whole body, when !from_client
  bool from_client = false;   // read from ClientSide::read instead
  BodyCheck check = BodyCheck::plain();
  std::optional<uint64_t> upstream_length;  // the length announced upstream; unset: chunked
};

struct ForwardResult {
  enum class Outcome {
    kRelayed,         // the answer went to the client
    kUpstreamFailed,  // before the client got a head: `failure` says why (answer 503)
    kBodyRefused,     // the body failed its check: `error` (the upstream got it incomplete)
    kClientFailed,    // the client's connection failed: nothing more can be said to it
    kBrokeAfterHead,  // the upstream failed mid-answer: the client's answer is cut short
  };
  Outcome outcome = Outcome::kRelayed;
  std::optional<AwsError> error;
  std::string failure;
};

// `head`: method, target, headers as the upstream gets them (signed); its framing headers are
// replaced by `body.upstream_length`.
ForwardResult forward_exchange(UpstreamPool& pool, const UpstreamUrl& upstream,
                               const UpstreamTimeouts& timeouts, const HttpRequest& head,
                               ForwardBody& body, ClientSide& client);

}  // namespace localiam::gateway
