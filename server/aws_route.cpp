#include "server/aws_route.hpp"

#include <chrono>
#include <string>

#include "common/log.hpp"
#include "server/access_log.hpp"
#include "server/other_services.hpp"
#include "server/request_detail.hpp"
#include "server/token_hint.hpp"

namespace localiam::server {

namespace {

// Forwards a request for another service through the gateway, with its access-log line.
HttpReply forward(const gateway::Gateway& gateway, bool access_log, const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  gateway::GatewayRecord g;
  HttpResponse response = gateway.handle(request, g);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  api::RequestRecord record{g.service,       g.action,        g.account,
                            g.principal_arn, g.access_key_id, g.error_code,
                            g.authorization, g.request_id,    response.status};
  gateway.counts().count(g, response.status, micros);
  if (access_log) log::write(log::Level::kInfo, access_log_line(record, micros));
  return {std::move(response), {}};
}

}  // namespace

Route aws_route(const api::Dispatcher& dispatcher, Metrics& metrics,
                const gateway::Gateway* gateway) {
  Route route;
  const bool access_log = log::enabled(log::Level::kInfo);
  const bool debug_log = log::enabled(log::Level::kDebug);
  route.buffered = [&dispatcher, &metrics, gateway, access_log,
                    debug_log](HttpRequest&& request) -> HttpReply {
    if (auto other = answer_other_service(request)) {
      if (gateway) return forward(*gateway, access_log, request);
      log::message(log::Level::kInfo, "refused a request for " + signed_service(request) +
                                          " (localiam serves IAM and STS)");
      return {std::move(*other), {}};
    }
    const auto start = std::chrono::steady_clock::now();
    api::RequestRecord record;
    HttpReply reply = dispatcher.answer(request, &record);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    metrics.record(record, micros);
    if (access_log) log::write(log::Level::kInfo, access_log_line(record, micros));
    // The access line above already carries the authorization decision (enforce mode).
    if (debug_log) log::message(log::Level::kDebug, request_detail(request, record.request_id));
    if (!record.error_code.empty())
      if (std::string hint = token_whitespace_hint(request, record); !hint.empty())
        log::message(log::Level::kWarn, hint);
    return reply;
  };
  return route;
}

}  // namespace localiam::server
