// The admin endpoints under /_localiam/ (DESIGN.md, "Admin endpoints"): health, reset (back to
// the seed, if any), state export/import, metrics (Prometheus text), the clock and the OIDC
// issuer (server/oidc_endpoints.hpp). Answers JSON; unknown admin paths get 404.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "auth/service_context.hpp"
#include "common/http_message.hpp"
#include "server/landing_page.hpp"

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
  HttpResponse handle(const HttpRequest& request) const;
  // What health and the landing page report, and the OIDC issuer's base URL. Set once, after
  // the server listens (the port is known) and before it serves.
  void set_facts(ServerFacts facts) { facts_ = std::move(facts); }
  const ServerFacts& facts() const { return facts_; }

 private:
  // nullopt when the request may go on; else the 404 or 401 answer.
  std::optional<HttpResponse> refuse(const HttpRequest& request) const;
  HttpResponse reset() const;
  HttpResponse state(const HttpRequest& request) const;
  HttpResponse metrics() const;

  const api::ServiceContext& service_;
  const Seed* seed_;
  const Metrics* metrics_;
  AdminAccess access_;
  ServerFacts facts_;
};

}  // namespace localiam::server
