#include "server/admin_endpoints.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "auth/decision_log.hpp"
#include "auth/oidc_issuer.hpp"
#include "auth/policy_suggestion.hpp"
#include "auth/unused_permissions.hpp"
#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "common/clock.hpp"
#include "common/json_nesting.hpp"
#include "query/query_params.hpp"
#include "server/access_log.hpp"
#include "server/config.hpp"
#include "server/metrics.hpp"
#include "server/oidc_endpoints.hpp"
#include "server/seed.hpp"
#include "server/state_stream.hpp"
#include "sigv4/crypto.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"
#include "storage/state_snapshot.hpp"

namespace localiam::server {

namespace {

HttpResponse json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body) + "\n";
  return r;
}

// {"now":"…Z","epoch_seconds":N,"offset_seconds":N}: the server clock and how far it is
// from real time.
HttpResponse clock_state(const Clock& clock) {
  const int64_t now = clock.now_epoch_seconds();
  const int64_t real = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return json(200, "{\"now\":" + json_string(format_iso8601(now)) +
                       ",\"epoch_seconds\":" + std::to_string(now) +
                       ",\"offset_seconds\":" + std::to_string(now - real) + "}");
}

HttpResponse bad_request(std::string_view reason) {
  return json(400, "{\"error\":" + json_string(reason) + "}");
}

// POST {"advance_seconds": N} moves the clock by N seconds (negative goes back);
// POST {"now": "2030-01-01T00:00:00Z"} sets it (it keeps ticking from there);
// DELETE puts it back on real time; GET shows it. Every answer is clock_state().
HttpResponse handle_clock(const HttpRequest& request, Clock& clock) {
  if (request.method == "GET" || request.method == "HEAD") return clock_state(clock);
  if (request.method == "DELETE") {
    clock.reset();
    return clock_state(clock);
  }
  if (request.method != "POST") return json(405, R"({"error":"use GET, POST or DELETE"})");

  if (!json_nesting_within(request.body)) return bad_request("body nests too deeply");
  rapidjson::Document doc;
  doc.Parse(request.body.data(), request.body.size());
  if (doc.HasParseError())
    return bad_request(std::string("body is not JSON: ") +
                       rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                       std::to_string(doc.GetErrorOffset()));
  if (!doc.IsObject()) return bad_request("body must be a JSON object");
  const auto advance = doc.FindMember("advance_seconds");
  const auto now = doc.FindMember("now");
  const bool has_advance = advance != doc.MemberEnd();
  const bool has_now = now != doc.MemberEnd();
  if (has_advance == has_now)
    return bad_request(
        "give exactly one of \"advance_seconds\" (an integer) or \"now\" "
        "(an ISO-8601 UTC time such as \"2030-01-01T00:00:00Z\")");
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (name != "advance_seconds" && name != "now")
      return bad_request("unknown field \"" + std::string(name) + "\"");
  }
  if (has_advance) {
    if (!advance->value.IsInt64())
      return bad_request("\"advance_seconds\" must be an integer number of seconds");
    clock.advance(advance->value.GetInt64());
    return clock_state(clock);
  }
  if (!now->value.IsString())
    return bad_request("\"now\" must be a string such as \"2030-01-01T00:00:00Z\"");
  auto when = parse_iso8601(std::string_view(now->value.GetString(), now->value.GetStringLength()));
  if (!when)
    return bad_request("\"now\" is not an ISO-8601 UTC time such as \"2030-01-01T00:00:00Z\"");
  clock.set(TimePoint(std::chrono::seconds(*when)));
  return clock_state(clock);
}

}  // namespace

std::string exposed_warning() {
  return "the server listens beyond loopback and the admin endpoints have no --admin-token: "
         "anyone who can reach it can read every secret key (GET /_localiam/state), replace "
         "the state and reset it";
}

// Every table emptied and the seed created again, in one transaction: a seed that fails (it
// was checked at start, so only a bug could make it) leaves the state as it was.
HttpResponse AdminEndpoints::reset() const {
  auto lock = service_.db.lock();
  storage::Transaction tx(service_.db);
  storage::delete_all_rows(service_.db);
  if (seed_) {
    std::string error = seed_->apply(service_);
    if (!error.empty()) return json(500, "{\"error\":" + json_string("seed: " + error) + "}");
  }
  tx.commit();
  return json(
      200, seed_ ? R"({"status":"reset","seeded":true})" : R"({"status":"reset","seeded":false})");
}

// GET: the whole state as JSON (storage/state_snapshot.hpp); POST: replace it with such a JSON.
HttpResponse AdminEndpoints::state(const HttpRequest& request) const {
  if (request.method == "GET" || request.method == "HEAD") {
    auto lock = service_.db.lock();
    HttpResponse r;
    r.status = 200;
    r.content_type = "application/json";
    r.body = storage::export_state(service_.db);
    return r;
  }
  if (request.method != "POST") return json(405, R"({"error":"use GET or POST"})");
  auto lock = service_.db.lock();
  std::string error = storage::import_state(service_.db, request.body);
  if (!error.empty()) return bad_request(error);
  return json(200, R"({"status":"imported"})");
}

HttpResponse AdminEndpoints::metrics() const {
  std::vector<std::pair<std::string, int64_t>> rows;
  {
    auto lock = service_.db.lock();
    rows = storage::table_row_counts(service_.db);
  }
  HttpResponse r;
  r.status = 200;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_ ? metrics_->render(rows) : Metrics().render(rows);
  return r;
}

namespace {

// The decision endpoints' query string into `params`; the 404 or 400 when it cannot be read.
std::optional<HttpResponse> decision_query(const api::ServiceContext& service,
                                           const HttpRequest& request, api::QueryParams& params) {
  if (!service.decisions) return json(404, R"({"error":"no decision log in this server"})");
  if (!params.add_form(request.query()).ok())
    return json(400, R"({"error":"the query string is not URL-encoded"})");
  return std::nullopt;
}

// The decision endpoints' `since` (an ISO 8601 time) in epoch milliseconds; the 400 when bad.
std::optional<HttpResponse> since_param(const api::QueryParams& params, int64_t& since_ms) {
  const std::string* v = params.get("since");
  if (!v) return std::nullopt;
  std::optional<int64_t> seconds = parse_iso8601(*v);
  if (!seconds)
    return json(400, "{\"error\":\"since must be a time like 2026-12-07T10:00:00Z, not " +
                         json_string(*v).substr(1) + "}");
  since_ms = *seconds * 1000;
  return std::nullopt;
}

}  // namespace

namespace {

// GET /_localiam/decisions?follow=1 (or true): the stream, not the list.
bool wants_follow(const HttpRequest& head) {
  std::string_view query = head.query();
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    if (pair == "follow=1" || pair == "follow=true") return true;
    if (pair.size() == query.size()) break;
    query.remove_prefix(pair.size() + 1);
  }
  return false;
}

}  // namespace

std::optional<HttpResponse> AdminEndpoints::decision_filter(const HttpRequest& request,
                                                            api::DecisionFilter& filter) const {
  api::QueryParams params;
  if (std::optional<HttpResponse> refused = decision_query(service_, request, params))
    return refused;
  if (const std::string* v = params.get("principal")) filter.principal = *v;
  if (const std::string* v = params.get("action")) filter.action = *v;
  if (const std::string* v = params.get("decision")) {
    if (*v != "allowed" && *v != "denied" && *v != "explicitDeny" && *v != "implicitDeny")
      return json(400,
                  "{\"error\":\"decision must be allowed, denied, explicitDeny or "
                  "implicitDeny, not " +
                      json_string(*v).substr(1) + "}");
    filter.decision = *v;
  }
  if (std::optional<HttpResponse> bad = since_param(params, filter.since_ms)) return bad;
  if (const std::string* v = params.get("limit")) {
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > 100000)
      return json(400, "{\"error\":\"limit must be a number from 1 to 100000, not " +
                           json_string(*v).substr(1) + "}");
    filter.limit = static_cast<size_t>(n);
  }
  return std::nullopt;
}

HttpResponse AdminEndpoints::decisions(const HttpRequest& request) const {
  api::DecisionFilter filter;
  if (std::optional<HttpResponse> refused = decision_filter(request, filter)) return *refused;
  return json(
      200, api::decisions_json(service_.decisions->find(filter), service_.decisions->capacity()));
}

void AdminEndpoints::follow_decisions(const HttpRequest& request,
                                      std::shared_ptr<HttpStream> stream) const {
  api::DecisionFilter filter;
  std::optional<HttpResponse> refused =
      followers_ ? decision_filter(request, filter)
                 : json(404, R"({"error":"this server does not stream decisions"})");
  if (!refused) {
    followers_->follow(std::move(stream), std::move(filter));
    return;
  }
  ResponseHead head;
  head.status = refused->status;
  head.content_type = refused->content_type;
  head.content_length = refused->body.size();
  auto body = std::make_shared<std::string>(std::move(refused->body));
  stream->write_head(std::move(head), [stream, body](bool ok) {
    if (!ok) return stream->finish();
    stream->write_body(std::move(*body), [stream](bool) { stream->finish(); });
  });
}

HttpResponse AdminEndpoints::policy_suggestion(const HttpRequest& request) const {
  api::QueryParams params;
  if (std::optional<HttpResponse> refused = decision_query(service_, request, params))
    return *refused;
  const std::string* principal = params.get("principal");
  if (!principal || principal->empty())
    return json(400,
                R"x({"error":"name the principal: ?principal=ARN (a user, a role, a session)"})x");
  int64_t since_ms = 0;
  if (std::optional<HttpResponse> bad = since_param(params, since_ms)) return *bad;
  const api::DecisionsOf of_principal(*principal);
  const std::string* conditions = params.get("conditions");
  if (conditions && *conditions != "1" && *conditions != "true" && *conditions != "0" &&
      *conditions != "false")
    return json(400, "{\"error\":\"conditions must be true or false, not " +
                         json_escape(*conditions) + "\"}");
  api::PolicySuggestion suggestion(conditions && (*conditions == "1" || *conditions == "true"));
  service_.decisions->each(since_ms, [&](const api::DecisionEntry& e) {
    if (of_principal(e)) suggestion.add(e);
  });
  std::string policy = suggestion.document();
  if (policy.empty())
    return json(404, "{\"error\":\"no decisions for " + json_escape(*principal) +
                         " in the window: make the calls first (in enforce or audit mode)\"}");
  HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  r.body = std::move(policy);
  return r;
}

HttpResponse AdminEndpoints::unused(const HttpRequest& request) const {
  api::QueryParams params;
  if (std::optional<HttpResponse> refused = decision_query(service_, request, params))
    return *refused;
  const std::string* principal = params.get("principal");
  if (!principal || principal->empty())
    return json(400, R"x({"error":"name the principal: ?principal=ARN (a user or a role)"})x");
  int64_t since_ms = 0;
  if (std::optional<HttpResponse> bad = since_param(params, since_ms)) return *bad;
  // arn:PARTITION:iam::ACCOUNT:user/PATH/NAME or …:role/PATH/NAME
  const std::string& arn = *principal;
  const std::optional<arn::Parts> fields = arn::split(arn);
  const std::string account(fields ? fields->account : std::string_view());
  const std::string_view resource = fields ? fields->resource : std::string_view();
  const std::string_view kind = resource.substr(0, resource.find('/'));
  const std::string name(resource.substr(resource.rfind('/') + 1));
  if (!arn::is_iam(arn) || account.empty() || name.empty() ||
      resource.find('/') == std::string_view::npos || (kind != "user" && kind != "role"))
    return json(400,
                "{\"error\":\"not the ARN of an IAM user or role: " + json_escape(arn) + "\"}");
  std::set<std::string> used;
  size_t decisions = 0;
  const api::DecisionsOf of_principal(arn);
  service_.decisions->each(since_ms, [&](const api::DecisionEntry& e) {
    if (!of_principal(e)) return;
    ++decisions;
    if (e.decision == "allowed") used.insert(ascii::to_lower(e.action));
  });
  std::optional<api::PrincipalPolicies> policies;
  {
    std::unique_lock<std::mutex> lock = service_.db.lock();
    if (kind == "user") {
      if (auto user = storage::UserRepository(service_.db).find(account, name))
        policies = api::load_user_policies(service_.db, *user);
    } else if (auto role = storage::RoleRepository(service_.db).find(account, name)) {
      policies = api::load_role_policies(service_.db, *role);
    }
  }
  if (!policies)
    return json(404, "{\"error\":\"no such " + std::string(kind) + ": " + json_escape(arn) + "\"}");
  HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  r.body = api::unused_permissions_json(arn, *policies, used, decisions);
  return r;
}

std::optional<HttpResponse> AdminEndpoints::refuse(const HttpRequest& request) const {
  const std::string_view path = request.path();
  if (path.ends_with("/.well-known/openid-configuration") || path == "/_localiam/oidc/jwks")
    return std::nullopt;  // what any issuer publishes
  if (!access_.enabled)
    return json(404, R"({"error":"the admin endpoints are disabled: --admin off"})");
  if (access_.token.empty()) return std::nullopt;
  const std::string* header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header && header->starts_with(kBearer) &&
      sigv4::constant_time_equals(std::string_view(*header).substr(kBearer.size()), access_.token))
    return std::nullopt;
  HttpResponse r =
      json(401, R"({"error":"this endpoint needs Authorization: Bearer <admin token>"})");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

HttpResponse AdminEndpoints::health() const {
  const std::string admin = !access_.enabled ? "off" : access_.token.empty() ? "open" : "token";
  std::string body =
      std::string("{\"status\":\"ok\",\"version\":") + json_string(LOCALIAM_VERSION) +
      ",\"auth\":" + json_string(auth_mode_name(service_.config.auth_mode)) +
      ",\"data\":" + json_string(service_.db.path()) + ",\"admin\":" + json_string(admin);
  if (facts_.admin_exposed) body += ",\"warning\":" + json_string(exposed_warning());
  return json(200, body + "}");
}

void AdminEndpoints::add_routes(RouteTable& table) const {
  table.set_guard([this](const HttpRequest& head) { return refuse(head); });
  // A buffered row: `answer` gets the request with its body.
  auto row = [&table](std::string method, std::string path, bool prefix, bool guarded,
                      std::function<HttpResponse(const HttpRequest&)> answer) {
    RouteRow r{std::move(method), std::move(path), prefix, guarded, {}, {}};
    r.route.buffered = [answer = std::move(answer)](HttpRequest&& request) {
      return HttpReply{answer(request), {}};
    };
    table.add(std::move(r));
  };
  auto only = [](std::initializer_list<std::string_view> methods, std::string_view refusal,
                 std::function<HttpResponse(const HttpRequest&)> answer) {
    return [methods = std::vector<std::string_view>(methods), refusal,
            answer = std::move(answer)](const HttpRequest& request) {
      if (std::find(methods.begin(), methods.end(), request.method) == methods.end())
        return json(405, std::string(refusal));
      return answer(request);
    };
  };
  row("", "/_localiam/health", false, false,
      only({"GET", "HEAD"}, R"({"error":"use GET"})", [this](auto&) { return health(); }));
  row("", "/_localiam/reset", false, true,
      only({"POST"}, R"({"error":"use POST"})", [this](auto&) { return reset(); }));
  RouteRow export_row{"GET", "/_localiam/state", false, true, {}, {}};
  export_row.route.streaming = [this](HttpRequest&&, std::shared_ptr<HttpStream> stream) {
    stream_state(service_, std::move(stream));
  };
  table.add(std::move(export_row));
  row("", "/_localiam/state", false, true, [this](auto& request) { return state(request); });
  row("", "/_localiam/metrics", false, true,
      only({"GET", "HEAD"}, R"({"error":"use GET"})", [this](auto&) { return metrics(); }));
  // ?follow=1: server-sent events of the decisions made from now on (server/decision_follow).
  RouteRow follow_row{"GET", "/_localiam/decisions", false, true, wants_follow, {}};
  follow_row.route.streaming = [this](HttpRequest&& request, std::shared_ptr<HttpStream> stream) {
    follow_decisions(request, std::move(stream));
  };
  table.add(std::move(follow_row));
  row("", "/_localiam/decisions", false, true,
      only({"GET", "HEAD"}, R"({"error":"use GET"})",
           [this](auto& request) { return decisions(request); }));
  row("", "/_localiam/policy-suggestion", false, true,
      only({"GET", "HEAD"}, R"({"error":"use GET"})",
           [this](auto& request) { return policy_suggestion(request); }));
  row("", "/_localiam/unused", false, true,
      only({"GET", "HEAD"}, R"({"error":"use GET"})",
           [this](auto& request) { return unused(request); }));
  row("", "/_localiam/clock", false, true,
      [this](auto& request) { return handle_clock(request, service_.clock); });
  auto oidc = [this](const HttpRequest& request) {
    return handle_oidc(service_, request, facts_.public_url);
  };
  row("", std::string(api::oidc::kIssuerPath) + "/", true, true, oidc);
  row("", "/.well-known/openid-configuration", false, true, oidc);
  row("", "/_localiam/", true, true, [](const HttpRequest& request) {
    return json(404, std::string("{\"error\":\"no admin endpoint at ") +
                         json_string(request.path()).substr(1) + "}");
  });
  RouteRow landing{"", "/", false, false, is_landing_request, {}};
  landing.route.buffered = [this](HttpRequest&& request) {
    return HttpReply{landing_page(facts_, request), {}};
  };
  table.add(std::move(landing));
}

HttpResponse AdminEndpoints::handle(const HttpRequest& request) const {
  RouteTable table;
  add_routes(table);
  Route not_admin;
  not_admin.buffered = [](HttpRequest&&) {
    return HttpReply{json(404, R"({"error":"not an admin endpoint"})"), {}};
  };
  table.set_fallback(std::move(not_admin));
  return table.answer(request);
}

}  // namespace localiam::server
