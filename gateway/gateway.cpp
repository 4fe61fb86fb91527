#include "gateway/gateway.hpp"

#include <array>
#include <ctime>
#include <mutex>
#include <optional>
#include <utility>

#include "auth/authorization_memo.hpp"
#include "auth/authorizer.hpp"
#include "auth/caller_policies.hpp"
#include "common/random_ids.hpp"
#include "gateway/error_answer.hpp"
#include "gateway/json_operation.hpp"
#include "query/query_params.hpp"
#include "sigv4/signer.hpp"
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

std::string not_mapped_message(const std::string& service, const std::string& operation) {
  return "localiam does not map the " + service + " operation " +
         (operation.empty() ? std::string("of this request") : operation) +
         " to the IAM actions AWS checks: it is not mapped, so --auth enforce refuses it "
         "(--auth audit lets it through)";
}

// The access-denied error in the request's protocol: the JSON services answer
// AccessDeniedException with status 400, the others AccessDenied with 403.
AwsError access_denied(const HttpRequest& request, std::string message) {
  AwsError e = errors::AccessDenied(std::move(message));
  if (is_json_request(request)) {
    e.code = "AccessDeniedException";
    e.http_status = 400;
  }
  return e;
}

}  // namespace

Gateway::Gateway(const api::ServiceContext& service, GatewayOptions options)
    : service_(service),
      options_(std::move(options)),
      auth_(service),
      resources_({.upstream = options_.upstream,
                  .access_key = options_.access_key,
                  .secret_key = options_.secret_key,
                  .upstream_account = service.config.default_account_id}) {}

HttpRequest Gateway::upstream_request(const HttpRequest& request, const std::string& region,
                                      const std::string& service) const {
  HttpRequest out;
  out.method = request.method;
  out.target = request.target;
  out.body = request.body;
  out.headers.emplace_back("Host", options_.upstream.host_header());
  for (const auto& [name, value] : request.headers)
    if (!hop_by_hop(name) && !caller_signature(name)) out.headers.emplace_back(name, value);
  sigv4::SigningParams params;
  params.access_key_id = options_.access_key;
  params.secret_access_key = options_.secret_key;
  params.region = region;
  params.service = service;
  // Real time: the upstream checks the signature's date against its own clock, which the
  // admin clock endpoint does not move.
  params.epoch_seconds = static_cast<int64_t>(std::time(nullptr));
  sigv4::sign_request(out, params);
  return out;
}

HttpResponse Gateway::handle(const HttpRequest& request, GatewayRecord& record) const {
  record.request_id = make_request_id();
  sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                          request.body};
  Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
  auto fail = [&](const AwsError& error) {
    record.error_code = error.code;
    return error_answer(request, record.service, error, record.request_id);
  };
  if (!parsed.ok()) return fail(parsed.error());
  record.service = parsed->service;
  const std::string* target = request.header("X-Amz-Target");
  if (target)
    record.action =
        target->substr(target->find('.') == std::string::npos ? 0 : target->find('.') + 1);
  const api::AuthMode mode = service_.config.auth_mode;
  Verdict verdict;
  // The operation's service, name and resource: its success may change what the cache holds.
  std::array<std::string, 3> changed;
  {
    std::unique_lock<std::mutex> lock = service_.db.lock();
    Result<api::Principal> who = auth_.authenticate(view, *parsed, parsed->service);
    if (!who.ok()) return fail(who.error());
    const api::Principal& caller = who.value();
    record.account = caller.account_id;
    record.principal_arn = caller.arn;
    record.access_key_id = caller.access_key_id;
    if (mode.evaluates_policies()) {
      const arn::Partition partition = arn::partition_of_region(parsed->region);
      std::optional<JsonOperation> op;
      if (target)
        op = json_operation(*target, request.body, partition, parsed->region, caller.account_id);
      if (!op || !op->mapped) {
        verdict.refused = true;
        verdict.error = access_denied(
            request, not_mapped_message(parsed->service, op ? op->operation : record.action));
        verdict.summary = "not mapped";
      } else {
        api::QueryParams no_params;
        api::RequestContext ctx{service_,          service_.db,
                                no_params,         caller,
                                parsed->region,    service_.clock.now_epoch_seconds(),
                                request.remote_ip, partition};
        api::AuthorizationLookups lookups(ctx);
        const api::Caller gathered = api::gather_caller(lookups, caller, partition);
        // The resource's policy and tags come from the upstream: read without the database.
        lock.unlock();
        const OperationFacts facts_of{op->service, op->operation, op->action, op->resource};
        ResourceFacts facts;
        resources_.read(facts_of, request, gathered.policies, caller.account_id, parsed->region,
                        facts);
        changed = {op->service, op->operation, op->resource};
        lock.lock();
        policy::ContextKeys context =
            api::caller_context(ctx, lookups, gathered, facts.loaded_policy());
        facts.merge_into(context);
        api::AuthzQuestion question = api::question_from(gathered, context);
        question.action = op->action;
        // The reader may name what the operation could not (a KMS alias's key).
        const std::string& resource = facts.resource.empty() ? op->resource : facts.resource;
        question.resource = resource;
        question.resource_unknown = op->resource_unknown && facts.resource.empty();
        question.resource_policy = facts.resource_policy();
        const api::AuthzDecision d = api::decide(question);
        verdict.summary = d.describe() + facts.note;
        if (!d.allowed()) {
          verdict.refused = true;
          verdict.error = access_denied(
              request, "User: " + caller.arn + " is not authorized to perform: " + op->action +
                           " on resource: " + resource + " " + d.reason);
        }
      }
    }
  }
  if (verdict.refused && mode.refuses_on_deny()) {
    record.authorization = verdict.summary;
    return fail(verdict.error);
  }
  record.authorization = verdict.refused ? "would deny: " + verdict.summary : verdict.summary;

  const HttpRequest forwarded = upstream_request(request, parsed->region, parsed->service);
  UpstreamAnswer answer = send_upstream(options_.upstream, forwarded, options_.timeouts);
  if (!answer.response)
    return fail(errors::ServiceUnavailable("localiam could not reach the upstream " +
                                           options_.upstream.text() + " for " + parsed->service +
                                           " (" + answer.failure + ")"));
  HttpResponse response = std::move(*answer.response);
  if (response.status < 300 && !changed[0].empty())
    resources_.invalidate(changed[0], changed[1], changed[2]);
  // (A HEAD answer's Content-Length stays: it is the length of the body not sent.)
  std::erase_if(response.headers, [](const auto& h) {
    return hop_by_hop(h.first) && !header_name_equals(h.first, "Content-Length");
  });
  return response;
}

}  // namespace localiam::gateway
