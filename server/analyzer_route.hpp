// The route that serves IAM Access Analyzer's policy checks (ValidatePolicy, CheckNoNewAccess,
// CheckAccessNotGranted, CheckNoPublicAccess: analyzer/analyzer_api.hpp) on the server's port,
// so that `aws accessanalyzer validate-policy --endpoint-url …` works with no AWS account: a
// request signed for `access-analyzer` to one of their paths. The caller is authenticated and
// (enforce, audit) authorised like any other (auth/api_call.hpp); errors answer in REST-JSON
// (x-amzn-ErrorType and {"message": …}). The access log and the metrics count each call. Other
// Access Analyzer operations are not served here: they fall through to the gateway, or to the
// refusal for other services.
#pragma once

#include "auth/authenticator.hpp"
#include "auth/service_context.hpp"
#include "auth/usage_memo.hpp"
#include "server/metrics.hpp"
#include "server/routes.hpp"

namespace localiam::server {

class AnalyzerRoute {
 public:
  // `service` and `metrics` must outlive this object, which must outlive the server.
  AnalyzerRoute(const api::ServiceContext& service, Metrics& metrics);
  AnalyzerRoute(const AnalyzerRoute&) = delete;
  AnalyzerRoute& operator=(const AnalyzerRoute&) = delete;

  RouteRow row();

 private:
  HttpReply answer(const HttpRequest& request);

  const api::ServiceContext& service_;
  Metrics& metrics_;
  api::Authenticator authenticator_;
  api::UsageMemo usage_;  // guarded by the database lock
  bool access_log_;
};

}  // namespace localiam::server
