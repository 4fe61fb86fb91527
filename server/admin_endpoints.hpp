// The admin endpoints under /_localiam/ (DESIGN.md, "Admin endpoints"): health, reset (back to
// the seed, if any), state export (streamed) and import, metrics (Prometheus text), the clock,
// the OIDC issuer (server/oidc_endpoints.hpp) and the landing page, as rows of the route table
// (server/routes.hpp) guarded by the admin token. Answers JSON; unknown admin paths get 404.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "auth/decision_log.hpp"
#include "auth/service_context.hpp"
#include "common/http_message.hpp"
#include "server/decision_follow.hpp"
#include "server/landing_page.hpp"
#include "server/routes.hpp"

namespace localiam::server {

class Seed;
class Metrics;

// Who may use the endpoints that change or reveal state. Health and the OIDC issuer's public
// documents (discovery, JWKS) are always served.
struct AdminAccess {
  bool enabled = true;  // false: 404 for everything else
  std::string token;    // non-empty: "Authorization: Bearer TOKEN" required (else 401)
};

// Why a server listening beyond loopback with open admin endpoints is a risk (the start-up
// warning and health's "warning" field).
std::string exposed_warning();

class AdminEndpoints {
 public:
  // `seed` (may be null) is what reset restores; `metrics` (may be null) is what
  // /_localiam/metrics shows.
  explicit AdminEndpoints(const api::ServiceContext& service, const Seed* seed = nullptr,
                          const Metrics* metrics = nullptr, AdminAccess access = {})
      : service_(service), seed_(seed), metrics_(metrics), access_(std::move(access)) {}
  // Adds the endpoints' rows to `table` and sets its guard (the admin access rules). The rows
  // refer to this object, which must outlive the table.
  void add_routes(RouteTable& table) const;
  // One request through those rows alone, in-process (tests).
  HttpResponse handle(const HttpRequest& request) const;
  // What health and the landing page report, and the OIDC issuer's base URL. Set once, after
  // the server listens (the port is known) and before it serves.
  void set_facts(ServerFacts facts) { facts_ = std::move(facts); }
  // Where ?follow=1 streams go (server/decision_follow.hpp); must outlive this object. Unset:
  // the stream is refused.
  void set_followers(DecisionFollowers* followers) { followers_ = followers; }
  const ServerFacts& facts() const { return facts_; }

 private:
  // nullopt when the request may go on; else the 404 or 401 answer.
  std::optional<HttpResponse> refuse(const HttpRequest& request) const;
  HttpResponse health() const;
  HttpResponse reset() const;
  HttpResponse state(const HttpRequest& request) const;
  HttpResponse metrics() const;
  // GET /_localiam/decisions?principal=ARN&action=PATTERN&decision=D&since=TIME&limit=N.
  HttpResponse decisions(const HttpRequest& request) const;
  // The filter those parameters name; nullopt, or the 400 naming a bad one.
  std::optional<HttpResponse> decision_filter(const HttpRequest& request,
                                              api::DecisionFilter& filter) const;
  // The same with follow=1: the decisions made from now on, as server-sent events.
  void follow_decisions(const HttpRequest& request, std::shared_ptr<HttpStream> stream) const;
  // GET /_localiam/policy-suggestion?principal=ARN[&since=TIME].
  HttpResponse policy_suggestion(const HttpRequest& request) const;
  HttpResponse unused(const HttpRequest& request) const;

  const api::ServiceContext& service_;
  const Seed* seed_;
  const Metrics* metrics_;
  AdminAccess access_;
  DecisionFollowers* followers_ = nullptr;
  ServerFacts facts_;
};

}  // namespace localiam::server
