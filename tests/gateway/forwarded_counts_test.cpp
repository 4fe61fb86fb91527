// The gateway's counts for the metrics endpoint (gateway/forwarded_counts): the decision each
// record carries, and the Prometheus lines by service, operation, decision and status.
#include "gateway/forwarded_counts.hpp"

#include <catch2/catch.hpp>

#include "gateway/gateway.hpp"

using localiam::gateway::decision_of;
using localiam::gateway::ForwardedCounts;
using localiam::gateway::GatewayRecord;

namespace {

GatewayRecord record(std::string action, std::string authorization, std::string error) {
  GatewayRecord r;
  r.service = "dynamodb";
  r.action = std::move(action);
  r.authorization = std::move(authorization);
  r.error_code = std::move(error);
  return r;
}

}  // namespace

TEST_CASE("each forwarded request's decision is named", "[gateway]") {
  CHECK(decision_of(record("GetItem", "allowed by p", "")) == "allowed");
  CHECK(decision_of(record("GetItem", "root", "")) == "allowed");
  CHECK(decision_of(record("GetItem", "implicitDeny: x", "AccessDeniedException")) == "denied");
  CHECK(decision_of(record("", "not mapped", "AccessDenied")) == "denied");
  CHECK(decision_of(record("PutItem", "would deny: implicitDeny", "")) == "would_deny");
  CHECK(decision_of(record("GetItem", "", "UnrecognizedClientException")) == "unauthenticated");
  CHECK(decision_of(record("GetItem", "", "")) == "not_evaluated");
  // Allowed, then the upstream was down: still allowed (the status says the rest).
  CHECK(decision_of(record("GetItem", "allowed by p", "ServiceUnavailable")) == "allowed");
}

TEST_CASE("forwarded requests are counted by service, operation, decision and status",
          "[gateway]") {
  ForwardedCounts counts;
  CHECK(counts.render().empty());
  counts.count(record("GetItem", "allowed by p", ""), 200, 1500);
  counts.count(record("GetItem", "allowed by p", ""), 200, 500);
  counts.count(record("GetItem", "implicitDeny", "AccessDeniedException"), 400, 100);
  counts.count(record("", "", ""), 200, 10);
  const std::string text = counts.render();
  CHECK(text.find("localiam_forwarded_requests_total{service=\"dynamodb\",action=\"GetItem\","
                  "decision=\"allowed\",status=\"200\"} 2\n") != std::string::npos);
  CHECK(text.find("localiam_forwarded_requests_total{service=\"dynamodb\",action=\"GetItem\","
                  "decision=\"denied\",status=\"400\"} 1\n") != std::string::npos);
  CHECK(text.find("localiam_forwarded_requests_total{service=\"dynamodb\",action=\"unknown\","
                  "decision=\"not_evaluated\",status=\"200\"} 1\n") != std::string::npos);
  CHECK(text.find("localiam_forwarded_request_duration_seconds_sum{service=\"dynamodb\","
                  "action=\"GetItem\",decision=\"allowed\"} 0.002000\n") != std::string::npos);
  CHECK(text.find("localiam_forwarded_request_duration_seconds_count{service=\"dynamodb\","
                  "action=\"GetItem\",decision=\"allowed\"} 2\n") != std::string::npos);
}
