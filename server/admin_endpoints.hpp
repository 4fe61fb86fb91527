// The admin endpoints under /_localiam/ (DESIGN.md, "Admin endpoints"): health, reset (back to
// the seed, if any), state export/import, metrics (Prometheus text), the clock and the OIDC
// issuer (server/oidc_endpoints.hpp). Answers JSON; unknown admin paths get 404.
#pragma once

#include "api/service_context.hpp"
#include "common/http_message.hpp"

namespace localiam::server {

class Seed;
class Metrics;

class AdminEndpoints {
 public:
  // `seed` (may be null) is what reset restores; `metrics` (may be null) is what
  // /_localiam/metrics shows.
  explicit AdminEndpoints(const api::ServiceContext& service, const Seed* seed = nullptr,
                          const Metrics* metrics = nullptr)
      : service_(service), seed_(seed), metrics_(metrics) {}
  HttpResponse handle(const HttpRequest& request) const;

 private:
  HttpResponse reset() const;
  HttpResponse state(const HttpRequest& request) const;
  HttpResponse metrics() const;

  const api::ServiceContext& service_;
  const Seed* seed_;
  const Metrics* metrics_;
};

}  // namespace localiam::server
