// Metrics: counts by action and status, cumulative latency buckets, errors and auth failures.
#include "server/metrics.hpp"

#include <catch2/catch.hpp>

using namespace localiam;

namespace {

api::RequestRecord rec(const char* service, const char* action, int status,
                       const char* error = "") {
  api::RequestRecord r;
  r.service = service;
  r.action = action;
  r.status = status;
  r.error_code = error;
  return r;
}

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("metrics count requests, latency, errors and auth failures", "[server][metrics]") {
  server::Metrics m;
  m.record(rec("iam", "CreateUser", 200), 300);
  m.record(rec("iam", "CreateUser", 200), 3000);
  m.record(rec("iam", "CreateUser", 409, "EntityAlreadyExists"), 700);
  m.record(rec("sts", "GetCallerIdentity", 403, "SignatureDoesNotMatch"), 100);
  m.record(rec("iam", "NoSuchAction", 400, "InvalidAction"), 50);
  m.record(rec("", "", 400, "MissingAction"), 50);
  const std::string text = m.render({{"users", 3}, {"roles", 0}});
  CHECK(has(text, R"(localiam_requests_total{service="iam",action="CreateUser",status="200"} 2)"));
  CHECK(has(text, R"(localiam_requests_total{service="iam",action="CreateUser",status="409"} 1)"));
  CHECK(has(text,
            R"(localiam_requests_total{service="sts",action="GetCallerIdentity",status="403"} 1)"));
  CHECK(has(text, R"(localiam_requests_total{service="iam",action="unknown",status="400"} 2)"));
  CHECK(has(
      text,
      R"(localiam_request_duration_seconds_bucket{service="iam",action="CreateUser",le="0.0005"} 1)"));
  CHECK(has(
      text,
      R"(localiam_request_duration_seconds_bucket{service="iam",action="CreateUser",le="0.001"} 2)"));
  CHECK(has(
      text,
      R"(localiam_request_duration_seconds_bucket{service="iam",action="CreateUser",le="0.005"} 3)"));
  CHECK(has(
      text,
      R"(localiam_request_duration_seconds_bucket{service="iam",action="CreateUser",le="+Inf"} 3)"));
  CHECK(
      has(text,
          R"(localiam_request_duration_seconds_sum{service="iam",action="CreateUser"} 0.004000)"));
  CHECK(
      has(text, R"(localiam_request_duration_seconds_count{service="iam",action="CreateUser"} 3)"));
  CHECK(has(text, R"(localiam_errors_total{code="EntityAlreadyExists"} 1)"));
  CHECK(has(text, R"(localiam_auth_failures_total{reason="SignatureDoesNotMatch"} 1)"));
  CHECK(has(text, R"(localiam_auth_failures_total{reason="InvalidClientTokenId"} 0)"));
  CHECK(has(text, R"(localiam_entities{kind="users"} 3)"));
  CHECK(has(text, R"(localiam_entities{kind="roles"} 0)"));
  CHECK(text.find("# TYPE localiam_request_duration_seconds histogram") != std::string::npos);
}
