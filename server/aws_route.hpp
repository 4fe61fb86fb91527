// The route that answers AWS requests (everything the route table's rows do not take): a
// request signed for another service gets that service's refusal (server/other_services.hpp);
// with --upstream, the gateway (gateway/gateway.hpp) authorises and forwards it instead;
// the rest goes to the api dispatcher, whose reply carries the group commit to wait for.
// Metrics, the access log line and the debug detail are recorded here.
#pragma once

#include "api/dispatcher.hpp"
#include "gateway/gateway.hpp"
#include "server/http_route.hpp"
#include "server/metrics.hpp"

namespace localiam::server {

// `dispatcher`, `metrics` and `gateway` (null without --upstream) must outlive the route. The
// log level is read once, here.
Route aws_route(const api::Dispatcher& dispatcher, Metrics& metrics,
                const gateway::Gateway* gateway = nullptr);

}  // namespace localiam::server
