// Gateway: answers a request signed for a service localiam does not serve itself (DynamoDB,
// Secrets Manager, SSM, KMS, …) when --upstream names an AWS emulator. The caller is
// authenticated with localiam's credentials (the same Authenticator as IAM calls, for the
// scope's service); in enforce and audit modes the operation is mapped to its IAM action and
// resource (gateway/json_operation.hpp) and decided by the one authoriser with the caller's
// policies, the resource's policy and the request's condition keys (gateway/resource_facts.hpp,
// read from the upstream without the database lock); an allowed request is re-signed with the
// upstream's keys and forwarded, and the upstream's answer relayed (status, headers but hop-by-hop
// ones, body). An operation that is not mapped is refused in enforce and let through, recorded, in
// audit. This slice buffers bodies (the server's request limit applies); handle() blocks its thread
// while the upstream answers (server/gateway_route.hpp runs it on workers). Thread-safe.
#pragma once

#include <string>

#include "auth/authenticator.hpp"
#include "auth/service_context.hpp"
#include "common/http_message.hpp"
#include "gateway/resource_facts.hpp"
#include "gateway/upstream_client.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct GatewayOptions {
  UpstreamUrl upstream;
  std::string access_key = "test";
  std::string secret_key = "test";
  UpstreamTimeouts timeouts;
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

  HttpResponse handle(const HttpRequest& request, GatewayRecord& record) const;
  const GatewayOptions& options() const { return options_; }

 private:
  // The request to send upstream: hop-by-hop headers and the caller's signature dropped, Host
  // set to the upstream, signed with the upstream keys for `region` and `service`.
  HttpRequest upstream_request(const HttpRequest& request, const std::string& region,
                               const std::string& service) const;

  const api::ServiceContext& service_;
  GatewayOptions options_;
  api::Authenticator auth_;
  ResourceReader resources_;  // resource policies, tags and key schemas from the upstream
};

}  // namespace localiam::gateway
