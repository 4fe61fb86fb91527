#include "gateway/gateway.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

#include "auth/access_key_usage.hpp"
#include "auth/access_tracker.hpp"
#include "auth/authorization_memo.hpp"
#include "auth/authorizer.hpp"
#include "auth/caller_policies.hpp"
#include "auth/decision_log.hpp"
#include "common/random_ids.hpp"
#include "gateway/error_answer.hpp"
#include "gateway/forward_plan.hpp"
#include "gateway/request_operation.hpp"
#include "gateway/request_wire.hpp"
#include "query/query_params.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::gateway {

namespace {

// RFC 9110's hop-by-hop headers and the framing the HTTP layers own: never passed on.
bool hop_by_hop(std::string_view name) {
  for (std::string_view h :
       {"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Expect"})
    if (header_name_equals(name, h)) return true;
  return false;
}

// The caller's signature and what it signed with; the upstream request gets its own.
bool caller_signature(std::string_view name) {
  return header_name_equals(name, "Authorization") || header_name_equals(name, "X-Amz-Date") ||
         header_name_equals(name, "X-Amz-Security-Token") || header_name_equals(name, "Host");
}

// The decision about one forwarded request.
struct Verdict {
  bool refused = false;
  AwsError error = errors::AccessDenied("");
  std::string summary;  // for the access log
};

AwsError no_upstream(const std::string& service) {
  return errors::ServiceUnavailable("localiam has no upstream for " + service +
                                    ": start it with --upstream URL or --upstream " + service +
                                    "=URL");
}

std::string not_mapped_message(const std::string& service, const std::string& operation) {
  return "localiam does not map the " + service + " operation " +
         (operation.empty() ? std::string("of this request") : operation) +
         " to the IAM actions AWS checks: it is not mapped, so --auth enforce refuses it "
         "(--auth audit lets it through)";
}

// The access-denied error in the request's protocol: the JSON services answer
// AccessDeniedException with status 400, Lambda (rest-json) with 403, the others AccessDenied
// with 403.
AwsError access_denied(const HttpRequest& request, std::string_view service, std::string message) {
  AwsError e = errors::AccessDenied(std::move(message));
  if (service == "lambda") {
    e.code = "AccessDeniedException";
  } else if (is_json_request(request)) {
    e.code = "AccessDeniedException";
    e.http_status = 400;
  }
  return e;
}

// Service last accessed data and the access key's last use, as for IAM calls: every
// authenticated attempt counts, whatever its outcome. The actions recorded are the IAM actions
// the operation needs (S3 ListObjectsV2 is s3:ListBucket), else the operation's name. Returns
// the group to wait for, or 0.
uint64_t record_usage(const api::ServiceContext& service, api::UsageMemo& usage,
                      const api::Principal& caller, const sigv4::ParsedAuth& parsed,
                      const RequestOperation& op, const std::string& operation) {
  const int64_t now = service.clock.now_epoch_seconds();
  uint64_t group = 0;
  std::vector<std::string_view> recorded;
  for (const ActionResource& need : op.needs) {
    const std::string_view action(need.action);
    const size_t colon = action.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view prefix = action.substr(0, colon), name = action.substr(colon + 1);
    if (std::find(recorded.begin(), recorded.end(), action) != recorded.end()) continue;
    recorded.push_back(action);
    if (uint64_t g =
            api::record_access(service.db, usage, caller, prefix, name, parsed.region, now))
      group = g;
  }
  if (recorded.empty())
    group = api::record_access(service.db, usage, caller, parsed.service, operation, parsed.region,
                               now);
  if (uint64_t g =
          api::record_key_use(service.db, usage, caller, parsed.service, parsed.region, now))
    group = g;
  return group;
}

}  // namespace

Gateway::Gateway(const api::ServiceContext& service, GatewayOptions options)
    : service_(service),
      options_(std::move(options)),
      auth_(service),
      usage_(service.db),
      resources_({.upstream = options_.upstream,
                  .service_upstreams = options_.service_upstreams,
                  .keys = options_.keys,
                  .upstream_account = service.config.default_account_id}) {}

HttpRequest Gateway::upstream_request(const HttpRequest& request, const UpstreamUrl& upstream,
                                      const std::string& region, const std::string& service) const {
  HttpRequest out;
  out.method = request.method;
  out.target = request.target;
  out.body = request.body;  // signed over when no x-amz-content-sha256 says otherwise
  for (const auto& [name, value] : request.headers)
    if (!hop_by_hop(name) && !caller_signature(name)) out.headers.emplace_back(name, value);
  sign_for_upstream(out, upstream, options_.keys, region, service);
  return out;
}

// What authorize() leaves for forward().
namespace {

// The client's side of an exchange, passed through; a successful answer's head first runs
// `on_success`.
class ChangeDropper : public ClientSide {
 public:
  ChangeDropper(ClientSide& client, std::function<void()> on_success)
      : client_(client), on_success_(std::move(on_success)) {}
  bool read(std::string& piece) override { return client_.read(piece); }
  bool write_head(UpstreamHead head) override {
    if (head.status < 300) on_success_();
    return client_.write_head(std::move(head));
  }
  bool write(std::string piece) override { return client_.write(std::move(piece)); }

 private:
  ClientSide& client_;
  std::function<void()> on_success_;
};

}  // namespace

struct Gateway::Authorized {
  sigv4::ParsedAuth parsed;
  std::optional<sigv4::SigningKey> signing_key;  // when the signature was verified
  // The operation's service and name and the resources it names.
  Changes changes;
  bool must_wait = false;  // authorize() was told not to wait, and would have had to
};

const UpstreamUrl& GatewayOptions::upstream_for(std::string_view service) const {
  for (const auto& [name, url] : service_upstreams)
    if (name == service) return url;
  return upstream;
}

bool Gateway::body_streams(const HttpRequest& head) {
  sigv4::RequestView view{head.method, head.path(), head.query(), &head.headers, {}};
  Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
  if (!parsed.ok()) return false;
  const std::string* declared = head.header("X-Amz-Content-Sha256");
  if (parsed->service == "s3") return declared || parsed->presigned;
  return parsed->service == "lambda" && declared && declared->size() == 64 &&
         head.path().ends_with("/invocations");
}

HttpResponse Gateway::handle(const HttpRequest& request, GatewayRecord& record) const {
  BufferedClient client(request.method == "HEAD");
  std::optional<HttpResponse> own = exchange(request, client, record);
  if (own) return std::move(*own);
  if (client.too_large()) {
    const AwsError error = errors::ServiceUnavailable(
        "the upstream " + options_.upstream_for(record.service).text() + " answered more than " +
        "64 MiB, which localiam does not hold whole for this request");
    record.error_code = error.code;
    return error_answer(request, record.service, error, record.request_id);
  }
  return client.take();
}

std::optional<HttpResponse> Gateway::exchange(const HttpRequest& request, ClientSide& client,
                                              GatewayRecord& record) const {
  const bool streams = body_streams(request);
  Authorized authorized;
  if (std::optional<HttpResponse> refused = authorize(request, streams, record, authorized))
    return refused;
  return forward(request, streams, authorized, client, record);
}

void Gateway::drop_changes(const Changes& changes) const {
  for (const std::string& resource : changes.resources)
    resources_.invalidate(changes.service, changes.operation, resource);
}

HttpResponse Gateway::unreachable(const HttpRequest& request, const UpstreamUrl& upstream,
                                  GatewayRecord& record, const std::string& failure) const {
  const AwsError error =
      errors::ServiceUnavailable("localiam could not reach the upstream " + upstream.text() +
                                 " for " + record.service + " (" + failure + ")");
  record.error_code = error.code;
  return error_answer(request, record.service, error, record.request_id);
}

Gateway::Prepared Gateway::prepare(const HttpRequest& request, GatewayRecord& record) const {
  Prepared out;
  Authorized authorized;
  out.answer = authorize(request, false, record, authorized, false);
  if (out.answer) return out;
  if (authorized.must_wait) {
    out.must_wait = true;
    record = {};
    return out;
  }
  const sigv4::ParsedAuth& parsed = authorized.parsed;
  out.upstream = options_.upstream_for(parsed.service);
  if (out.upstream.host.empty()) {
    record.error_code = "ServiceUnavailable";
    out.answer =
        error_answer(request, record.service, no_upstream(parsed.service), record.request_id);
    return out;
  }
  out.wire = request_wire(upstream_request(forwarded_head(request, parsed, false), out.upstream,
                                           parsed.region, parsed.service));
  out.changes = std::move(authorized.changes);
  return out;
}

std::optional<HttpResponse> Gateway::authorize(const HttpRequest& request, bool streams,
                                               GatewayRecord& record, Authorized& out,
                                               bool may_wait) const {
  record.request_id = make_request_id();
  sigv4::SigningKey signing_key{};
  sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                          request.body};
  view.body_streams = streams;
  view.signing_key_out = &signing_key;
  Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
  auto fail = [&](const AwsError& error) {
    record.error_code = error.code;
    return error_answer(request, record.service, error, record.request_id);
  };
  if (!parsed.ok()) return fail(parsed.error());
  view.s3 = parsed->service == "s3";
  if (view.s3 && parsed->presigned && service_.config.auth_mode.checks_clock_skew())
    if (Status s = check_presigned_expiry(*parsed, static_cast<int64_t>(std::time(nullptr)));
        !s.ok())
      return fail(s.error());
  record.service = parsed->service;
  const std::string* target = request.header("X-Amz-Target");
  if (target)
    record.action =
        target->substr(target->find('.') == std::string::npos ? 0 : target->find('.') + 1);
  const api::AuthMode mode = service_.config.auth_mode;
  Verdict verdict;
  uint64_t usage_group = 0;  // the group transaction holding the usage stamps, if any
  {
    std::unique_lock<std::mutex> lock = service_.db.lock();
    Result<api::Principal> who = auth_.authenticate(view, *parsed, parsed->service);
    if (!who.ok()) return fail(who.error());
    const api::Principal& caller = who.value();
    record.account = caller.account_id;
    record.principal_arn = caller.arn;
    record.access_key_id = caller.access_key_id;
    const arn::Partition partition = arn::partition_of_region(parsed->region);
    const RequestOperation op =
        request_operation(request, {parsed->service, parsed->region, partition, caller.account_id});
    if (!op.operation.empty()) record.action = op.operation;
    if (mode.evaluates_policies()) {
      if (!op.mapped) {
        verdict.refused = true;
        verdict.error = access_denied(request, parsed->service,
                                      not_mapped_message(parsed->service, op.operation));
        verdict.summary = "not mapped";
      } else {
        api::QueryParams no_params;
        api::RequestContext ctx{service_,          service_.db,
                                no_params,         caller,
                                parsed->region,    service_.clock.now_epoch_seconds(),
                                request.remote_ip, partition};
        std::optional<api::AuthorizationLookups> lookups(std::in_place, ctx);
        std::optional<api::Caller> gathered(api::gather_caller(*lookups, caller, partition));
        const CallerAsks asks = caller_asks(gathered->policies);
        // The resources' policies and tags come from the upstream: when they may have to be
        // asked for, read without the database lock, and the caller's policies gathered anew
        // after (another thread may have cleared the memo that holds them meanwhile).
        if (may_wait) lock.unlock();
        std::vector<std::unique_ptr<ResourceFacts>> facts;
        for (const ActionResource& need : op.needs) {
          facts.push_back(std::make_unique<ResourceFacts>());
          resources_.read({op.service, op.operation, need.action, need.resource}, request, asks,
                          caller.account_id, parsed->region, *facts.back(), may_wait);
          if (facts.back()->must_wait) {
            out.must_wait = true;
            return std::nullopt;
          }
        }
        if (may_wait) {
          lock.lock();
          gathered.reset();
          lookups.emplace(ctx);
          gathered.emplace(api::gather_caller(*lookups, caller, partition));
        }
        out.changes.service = op.service;
        out.changes.operation = op.operation;
        for (const ActionResource& need : op.needs) out.changes.resources.push_back(need.resource);
        // Every (action, resource) pair must be allowed; the first denial is the answer.
        for (size_t i = 0; i < op.needs.size(); ++i) {
          const ActionResource& need = op.needs[i];
          const ResourceFacts& known = *facts[i];
          policy::ContextKeys context =
              api::caller_context(ctx, *lookups, *gathered, known.loaded_policy());
          known.merge_into(context);
          api::AuthzQuestion question = api::question_from(*gathered, context);
          question.action = need.action;
          // The reader may name what the operation could not (a KMS alias's key).
          const std::string& resource = known.resource.empty() ? need.resource : known.resource;
          question.resource = resource;
          question.resource_unknown = need.resource_unknown && known.resource.empty();
          question.resource_policy = known.resource_policy();
          const api::AuthzDecision d = api::decide(question);
          verdict.summary = d.describe() + known.note;
          if (service_.decisions)
            service_.decisions->add(api::decision_entry(d, need.action, resource), caller,
                                    record.request_id, parsed->region, service_.clock);
          if (!d.allowed()) {
            verdict.refused = true;
            verdict.error = access_denied(request, parsed->service,
                                          "User: " + caller.arn +
                                              " is not authorized to perform: " + need.action +
                                              " on resource: " + resource + " " + d.reason);
            break;
          }
        }
      }
    }
    usage_group = record_usage(service_, usage_, caller, *parsed, op, record.action);
  }
  if (usage_group) service_.db.finish_group(usage_group);
  if (verdict.summary == "not mapped" && options_.allow_unmapped) {
    verdict.refused = false;
    verdict.summary = "not mapped: let through by --gateway-unmapped allow";
  }
  if (verdict.refused && mode.refuses_on_deny()) {
    record.authorization = verdict.summary;
    return fail(verdict.error);
  }
  record.authorization = verdict.refused ? "would deny: " + verdict.summary : verdict.summary;
  if (signing_key != sigv4::SigningKey{}) out.signing_key = signing_key;
  out.parsed = std::move(*parsed);
  return std::nullopt;
}

std::optional<HttpResponse> Gateway::forward(const HttpRequest& request, bool streams,
                                             const Authorized& authorized, ClientSide& client,
                                             GatewayRecord& record) const {
  const sigv4::ParsedAuth& parsed = authorized.parsed;
  auto fail = [&](const AwsError& error) {
    record.error_code = error.code;
    return error_answer(request, record.service, error, record.request_id);
  };
  ForwardBody body;
  HttpRequest head = forwarded_head(request, parsed, streams);
  if (streams) {
    Result<BodyPlan> plan = body_plan(request, parsed, authorized.signing_key);
    if (!plan.ok()) return fail(plan.error());
    body.from_client = true;
    body.check = std::move(plan->check);
    body.upstream_length = plan->upstream_length;
  } else {
    body.buffered = request.body;
    body.upstream_length = request.body.size();
  }
  const UpstreamUrl& upstream = options_.upstream_for(parsed.service);
  if (upstream.host.empty()) return fail(no_upstream(parsed.service));
  const HttpRequest forwarded = upstream_request(head, upstream, parsed.region, parsed.service);
  // What the call changed is dropped from the resource cache once the upstream answered and
  // before the client hears of it, so that the client's next request reads it anew.
  ChangeDropper relay(client, [&] { drop_changes(authorized.changes); });
  const ForwardResult result =
      forward_exchange(UpstreamPool::shared(), upstream, options_.timeouts, forwarded, body, relay);
  using Outcome = ForwardResult::Outcome;
  switch (result.outcome) {
    case Outcome::kRelayed:
      return std::nullopt;
    case Outcome::kBodyRefused:
      return fail(*result.error);
    case Outcome::kUpstreamFailed:
      return unreachable(request, upstream, record, result.failure);
    case Outcome::kClientFailed:
    case Outcome::kBrokeAfterHead:
      record.error_code = "ConnectionBroken";
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace localiam::gateway
