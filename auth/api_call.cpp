#include "auth/api_call.hpp"

#include "auth/access_key_usage.hpp"
#include "auth/access_tracker.hpp"
#include "auth/authorizer.hpp"
#include "auth/caller_policies.hpp"
#include "auth/decision_log.hpp"
#include "common/random_ids.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::api {

ApiCallCheck check_api_call(const ServiceContext& service, const Authenticator& authenticator,
                            UsageMemo& usage, const HttpRequest& request,
                            std::string_view signing_name, std::string_view action,
                            std::string_view resource) {
  ApiCallCheck out;
  out.request_id = make_request_id();
  sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                          request.body};
  Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
  if (!parsed.ok()) {
    out.error = parsed.error();
    return out;
  }
  const std::string_view name = action.substr(action.find(':') + 1);
  uint64_t group = 0;
  {
    std::unique_lock<std::mutex> lock = service.db.lock();
    Result<Principal> who = authenticator.authenticate(view, *parsed, signing_name);
    if (!who.ok()) {
      out.error = who.error();
      return out;
    }
    const Principal& caller = *who;
    out.principal_arn = caller.arn;
    out.account = caller.account_id;
    out.access_key_id = caller.access_key_id;
    const arn::Partition partition = arn::partition_of_region(parsed->region);
    if (service.config.auth_mode.evaluates_policies()) {
      QueryParams no_params;
      RequestContext ctx{service,           service.db,
                         no_params,         caller,
                         parsed->region,    service.clock.now_epoch_seconds(),
                         request.remote_ip, partition};
      AuthorizationLookups lookups(ctx);
      const Caller gathered = gather_caller(lookups, caller, partition);
      const policy::ContextKeys context = caller_context(ctx, lookups, gathered, nullptr);
      AuthzQuestion question = question_from(gathered, context);
      question.action = std::string(action);
      question.resource = std::string(resource);
      const AuthzDecision d = decide(question);
      out.authorization = d.describe();
      if (service.decisions)
        service.decisions->add(decision_entry(d, std::string(action), std::string(resource)),
                               caller, out.request_id, parsed->region, service.clock);
      if (!d.allowed()) {
        if (service.config.auth_mode.refuses_on_deny()) {
          out.error = errors::AccessDenied(
              "User: " + caller.arn + " is not authorized to perform: " + std::string(action) +
              " on resource: " + std::string(resource) + " " + d.reason);
        } else {
          out.authorization = "would deny: " + out.authorization;
        }
      }
    }
    const int64_t now = service.clock.now_epoch_seconds();
    group = record_access(service.db, usage, caller, signing_name, name, parsed->region, now);
    if (uint64_t g = record_key_use(service.db, usage, caller, signing_name, parsed->region, now))
      group = g;
  }
  if (group) service.db.finish_group(group);
  return out;
}

}  // namespace localiam::api
