// Gateway: answers a request signed for a service localiam does not serve itself (DynamoDB,
// Secrets Manager, SSM, KMS, …) when --upstream names an AWS emulator. The caller is
// authenticated with localiam's credentials (the same Authenticator as IAM calls, for the
// scope's service) and its use stamped (service last accessed, access key last used, as for
// IAM calls); in enforce and audit modes the operation is mapped to its IAM action and
// resources (gateway/request_operation.hpp) and decided by the one authoriser with the caller's
// policies, the resources' policies and the request's condition keys
// (gateway/resource_facts.hpp, read from the upstream without the database lock); an allowed
// request is re-signed with the upstream's keys and forwarded, and the upstream's answer
// relayed (status, headers but hop-by-hop ones, body); a relayed call that may change a
// resource's policy or tags drops them from the cache. An operation that is not mapped is refused
// in enforce (unless --gateway-unmapped allow) and let through, recorded, in audit. Bodies the
// decision does not need (S3 objects, Lambda Invoke payloads signed with x-amz-content-sha256)
// stream: decided on the head, then piped to the upstream through a BodyCheck
// (gateway/body_check.hpp) and the answer piped back; other bodies are read whole first (the
// server's request limit applies). exchange() and handle() block their thread while the upstream
// answers (server/gateway_route.hpp runs them on workers); prepare() decides without blocking
// and leaves the exchange to its caller (the route, on the client connection's thread).
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/service_context.hpp"
#include "auth/usage_memo.hpp"
#include "common/http_message.hpp"
#include "gateway/forwarded_counts.hpp"
#include "gateway/resource_facts.hpp"
#include "gateway/stream_forward.hpp"
#include "gateway/upstream_client.hpp"
#include "gateway/upstream_signing.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct GatewayOptions {
  UpstreamUrl upstream;  // the default (--upstream URL)
  // --upstream SERVICE=URL: these services go elsewhere ("s3" → http://127.0.0.1:4569).
  std::vector<std::pair<std::string, UpstreamUrl>> service_upstreams;
  // --gateway-unmapped allow: in enforce, an operation that is not mapped is let through, logged.
  bool allow_unmapped = false;
  UpstreamKeys keys;  // --upstream-access-key/--upstream-secret-key
  UpstreamTimeouts timeouts;

  // Where requests signed for `service` go: its own upstream, else the default.
  const UpstreamUrl& upstream_for(std::string_view service) const;
};

// What the access log says about one forwarded request (no secrets, no parameter values).
struct GatewayRecord {
  std::string service;  // the scope's service: "dynamodb"
  std::string action;   // the operation: "GetItem" ("" when it could not be told)
  std::string account;
  std::string principal_arn;
  std::string access_key_id;
  std::string error_code;     // "" when the upstream's answer was relayed
  std::string authorization;  // the decision, "would deny: …" in audit, "" when not decided
  std::string request_id;
};

class Gateway {
 public:
  // `service` must outlive the gateway.
  Gateway(const api::ServiceContext& service, GatewayOptions options);

  // True when the body of the request with this head is not needed to decide and streams:
  // S3 requests with an x-amz-content-sha256 header or a presigned URL, Lambda Invoke payloads
  // with an x-amz-content-sha256 header. Other bodies are read whole before exchange().
  static bool body_streams(const HttpRequest& head);

  // The whole exchange. `request` is the head, with the whole body unless body_streams(); a
  // streamed body is read from `client` and the upstream's answer is written to `client`.
  // Returns the answer to write when the gateway answers itself (authentication or
  // authorisation refused, upstream unreachable: 503 naming it, a body that fails its signature
  // check); nullopt when the answer went through `client` (or broke there).
  std::optional<HttpResponse> exchange(const HttpRequest& request, ClientSide& client,
                                       GatewayRecord& record) const;
  // The same for a request whose body is here, answer collected whole.
  HttpResponse handle(const HttpRequest& request, GatewayRecord& record) const;

  // What a relayed call may have changed (a policy, tags): dropped from the resource cache once
  // the upstream answered it with a success, before the client hears of it.
  struct Changes {
    std::string service, operation;
    std::vector<std::string> resources;
  };
  // For a caller that talks to the upstream itself without blocking (server/gateway_route.cpp,
  // on its connection's thread): a request whose whole body is here (not body_streams()),
  // decided on what is known now. Exactly one of: `answer`, the gateway's own (refused, no
  // upstream); `must_wait`, deciding needs a read from the upstream (call exchange() on a thread
  // that may block instead: nothing was recorded); or `wire`, the signed request's bytes for
  // `upstream`.
  struct Prepared {
    std::optional<HttpResponse> answer;
    bool must_wait = false;
    UpstreamUrl upstream;
    std::string wire;
    Changes changes;
  };
  Prepared prepare(const HttpRequest& request, GatewayRecord& record) const;
  void drop_changes(const Changes& changes) const;
  // The answer (503 naming the upstream) when a prepared request's upstream failed before its
  // answer's head.
  HttpResponse unreachable(const HttpRequest& request, const UpstreamUrl& upstream,
                           GatewayRecord& record, const std::string& failure) const;
  const GatewayOptions& options() const { return options_; }
  const UpstreamTimeouts& timeouts() const { return options_.timeouts; }
  // The routes that call handle() count each answer here; the metrics endpoint renders them.
  ForwardedCounts& counts() const { return counts_; }

 private:
  struct Authorized;
  // Step 1: authenticate and decide on the head (+ the buffered body). Returns the refusal, or
  // nullopt with `out` filled. With `may_wait` false, a decision that needs a read from the
  // upstream stops before anything is recorded, with `out.must_wait` set.
  std::optional<HttpResponse> authorize(const HttpRequest& request, bool streams,
                                        GatewayRecord& record, Authorized& out,
                                        bool may_wait = true) const;
  // Step 2: re-sign and forward; the body through its check.
  std::optional<HttpResponse> forward(const HttpRequest& request, bool streams,
                                      const Authorized& authorized, ClientSide& client,
                                      GatewayRecord& record) const;

  // The request to send upstream: hop-by-hop headers and the caller's signature dropped, Host
  // set to the upstream, signed with the upstream keys for `region` and `service`.
  // (The body is not copied: ForwardBody carries it.)
  HttpRequest upstream_request(const HttpRequest& request, const UpstreamUrl& upstream,
                               const std::string& region, const std::string& service) const;

  const api::ServiceContext& service_;
  GatewayOptions options_;
  api::Authenticator auth_;
  mutable api::UsageMemo usage_;  // guarded by the database lock
  mutable ForwardedCounts counts_;
  ResourceReader resources_;  // resource policies, tags and key schemas from the upstream
};

}  // namespace localiam::gateway
