#include "server/analyzer_route.hpp"

#include <chrono>

#include "analyzer/analyzer_api.hpp"
#include "auth/api_call.hpp"
#include "common/log.hpp"
#include "gateway/error_answer.hpp"
#include "server/access_log.hpp"
#include "server/other_services.hpp"

namespace localiam::server {

namespace {

constexpr std::string_view kSigningName = "access-analyzer";

}  // namespace

AnalyzerRoute::AnalyzerRoute(const api::ServiceContext& service, Metrics& metrics)
    : service_(service),
      metrics_(metrics),
      authenticator_(service),
      usage_(service.db),
      access_log_(log::enabled(log::Level::kInfo)) {}

RouteRow AnalyzerRoute::row() {
  RouteRow row;
  row.method = "POST";
  row.path = "/policy/";
  row.prefix = true;
  row.when = [](const HttpRequest& head) {
    return signed_service(head) == kSigningName &&
           analyzer::find_operation(head.method, head.path()) != nullptr;
  };
  row.route.buffered = [this](HttpRequest&& request) { return answer(request); };
  return row;
}

HttpReply AnalyzerRoute::answer(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const analyzer::AnalyzerOperation& op = *analyzer::find_operation(request.method, request.path());
  const std::string action = std::string(kSigningName) + ":" + std::string(op.name);
  api::ApiCallCheck check =
      api::check_api_call(service_, authenticator_, usage_, request, kSigningName, action);
  HttpResponse response;
  response.content_type = "application/json";
  response.headers.emplace_back("x-amzn-RequestId", check.request_id);
  std::optional<AwsError> error = check.error;
  if (!error) {
    Result<std::string> body = analyzer::answer(op, request.body, request.query());
    if (body.ok())
      response.body = std::move(*body);
    else
      error = body.error();
  }
  if (error) {
    AwsError e = gateway::json_protocol_error(*error);
    if (e.code == "AccessDenied") e.code = "AccessDeniedException";
    response.status = e.http_status;
    response.headers.emplace_back("x-amzn-ErrorType", e.code);
    response.body = analyzer::error_body(e);
  }
  api::RequestRecord record{
      std::string(kSigningName), std::string(op.name), check.account,
      check.principal_arn,       check.access_key_id,  error ? error->code : "",
      check.authorization,       check.request_id,     response.status};
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  metrics_.record(record, micros);
  if (access_log_) log::write(log::Level::kInfo, access_log_line(record, micros));
  return {std::move(response), {}};
}

}  // namespace localiam::server
