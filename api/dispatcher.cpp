#include "api/dispatcher.hpp"

#include <exception>

#include "api/action_table.hpp"
#include "auth/access_key_usage.hpp"
#include "auth/access_tracker.hpp"
#include "auth/account_partition.hpp"
#include "auth/authorization.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "query/param_rules.hpp"
#include "query/xml_writer.hpp"
#include "storage/database.hpp"

namespace localiam::api {

namespace {

HttpResponse xml_response(int status, std::string body, const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/xml";
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  r.body = std::move(body);
  return r;
}

HttpResponse error_response(Service service, const AwsError& error, const std::string& request_id) {
  return xml_response(error.http_status, render_error(xml_namespace(service), error, request_id),
                      request_id);
}

constexpr const char* kServiceFailureMessage =
    "The request processing has failed because of an unknown error, exception or failure.";

// The reply with its completion run (its group committed).
HttpResponse completed(HttpReply reply) {
  if (!reply.ready) return std::move(reply.response);
  return reply.ready(std::move(reply.response));
}

bool is_form(const HttpRequest& request) {
  const std::string* type = request.header("Content-Type");
  return !type || type->starts_with("application/x-www-form-urlencoded");
}

}  // namespace

HttpReply Dispatcher::answer(const HttpRequest& request, RequestRecord* record) const {
  return reply(request, record, nullptr);
}

HttpReply Dispatcher::reply(const HttpRequest& request, RequestRecord* record,
                            const std::string_view* as_root_of) const {
  RequestRecord scratch;
  RequestRecord& rec = record ? *record : scratch;
  uint64_t group = 0;
  HttpReply reply{handle_request(request, rec, group, as_root_of), {}};
  rec.status = reply.response.status;
  if (group) {
    const Service service = service_from_name(rec.service).value_or(Service::kIam);
    reply.ready = [&db = service_.db, group, service, request_id = rec.request_id](HttpResponse r) {
      if (db.finish_group(group)) return r;
      log::message(log::Level::kError, "group commit failed; its requests answer ServiceFailure");
      return error_response(service, errors::ServiceFailure(kServiceFailureMessage), request_id);
    };
  }
  return reply;
}

HttpResponse Dispatcher::handle(const HttpRequest& request, RequestRecord* record) const {
  return completed(answer(request, record));
}

HttpResponse Dispatcher::handle_as_root(const HttpRequest& request,
                                        std::string_view account_id) const {
  return completed(reply(request, nullptr, &account_id));
}

HttpResponse Dispatcher::handle_request(const HttpRequest& request, RequestRecord& rec,
                                        uint64_t& group, const std::string_view* as_root_of) const {
  const std::string request_id = make_request_id();
  rec.request_id = request_id;
  Service service = Service::kIam;
  auto fail = [&](const AwsError& error) {
    rec.error_code = error.code;
    return error_response(service, error, request_id);
  };
  std::string action_name = "unknown";
  try {
    sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                            request.body};
    Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);

    QueryParams params;
    if (request.method == "POST" && is_form(request)) {
      if (Status s = params.add_form(request.body); !s.ok()) return fail(s.error());
    }
    if (Status s = params.add_form(request.query()); !s.ok()) return fail(s.error());

    const std::string* version = params.get("Version");
    const std::string* action_param = params.get("Action");
    std::optional<Service> scoped = parsed.ok() ? service_from_name(parsed->service) : std::nullopt;
    if (scoped) {
      service = *scoped;
    } else if (version && *version == api_version(Service::kSts)) {
      service = Service::kSts;
    } else if (version && *version == api_version(Service::kIam)) {
      service = Service::kIam;
    } else if (action_param) {
      if (const Action* a = find_action_any_service(*action_param)) service = a->service;
    }

    if (!action_param || action_param->empty())
      return fail(errors::MissingAction("Missing Action"));
    action_name = *action_param;
    rec.service = service_name(service);
    rec.action = action_name;
    const Action* action = find_action(service, *action_param);
    if (!action) {
      std::string v = version ? *version : std::string(api_version(service));
      return fail(
          errors::InvalidAction("Could not find operation " + *action_param + " for version " + v));
    }

    // Parameters are checked before the lock is taken (they need no database), but their error
    // is answered only after authentication, as AWS orders them.
    const Status valid =
        validate_params(params, action->rules,
                        service == Service::kIam ? ValidationStyle::kIam : ValidationStyle::kSts);

    // The signature of the root key or of a remembered key is checked before the lock.
    std::optional<EarlyAuthentication> early;
    if (action->needs_signature && parsed.ok() && !as_root_of)
      early = auth_.authenticate_early(view, *parsed, service_name(service));

    // The database lock covers authentication, the handler and its commit; the response is
    // rendered after it is released.
    std::unique_lock<std::mutex> lock = service_.db.lock();
    group = service_.db.open_group();  // what this request reads may be in that group
    Principal caller;
    std::string region = "us-east-1";
    // The partition comes from the signing region; an unsigned request (AssumeRoleWithWebIdentity)
    // without a credential scope takes the partition its RoleArn names, else aws.
    if (!action->needs_signature && parsed.ok()) region = parsed->region;
    arn::Partition partition = arn::partition_of_region(region);
    if (!parsed.ok())
      if (const std::string* role = params.get("RoleArn"))
        partition = arn::partition_of(*role).value_or(partition);
    std::optional<std::string> account_partition_fixed;
    if (as_root_of) {
      account_partition_fixed = partitions_.find(std::string(*as_root_of));
      partition = account_partition_fixed
                      ? arn::partition_named(*account_partition_fixed).value_or(partition)
                      : arn::Partition::kAws;
      if (partition != arn::Partition::kAws)  // the pseudo-region "aws-cn-global", …
        region = std::string(arn::partition_name(partition)) + "-global";
      caller = root_principal(partition, *as_root_of, "");
      rec.account = caller.account_id;
      rec.principal_arn = caller.arn;
    } else if (action->needs_signature) {
      if (!parsed.ok()) return fail(parsed.error());
      Result<Principal> principal = early && early->still_holds(service_.db)
                                        ? std::move(early->result)
                                        : auth_.authenticate(view, *parsed, service_name(service));
      if (!principal.ok()) return fail(principal.error());
      caller = std::move(principal).value();
      rec.account = caller.account_id;
      rec.principal_arn = caller.arn;
      rec.access_key_id = caller.access_key_id;
      region = parsed->region;
      partition = arn::partition_of_region(region);
      account_partition_fixed = partitions_.find(caller.account_id);
      if (Status s = check_partition(caller.account_id, account_partition_fixed, partition, region);
          !s.ok())
        return fail(s.error());
      // Service last accessed data counts every authenticated attempt, whatever its outcome.
      if (uint64_t g = record_access(service_.db, usage_, caller, rec.service, action_name, region,
                                     service_.clock.now_epoch_seconds()))
        group = g;
      if (uint64_t g = record_key_use(service_.db, usage_, caller, rec.service, region,
                                      service_.clock.now_epoch_seconds()))
        group = g;
    }

    if (!valid.ok()) return fail(valid.error());

    RequestContext ctx{
        service_,          service_.db, params, caller, region, service_.clock.now_epoch_seconds(),
        request.remote_ip, partition};
    const AuthMode mode = service_.config.auth_mode;
    if (mode.evaluates_policies() && action->needs_signature && !as_root_of) {
      Authorization decided = authorize(ctx, *action);
      if (decided.entry && service_.decisions)
        service_.decisions->add(std::move(*decided.entry), caller, request_id, region,
                                service_.clock);
      if (decided.status.ok()) {
        // allowed requests too: the access log says what allowed
        rec.authorization = std::move(decided.summary);
      } else if (mode.refuses_on_deny()) {
        rec.authorization = std::move(decided.summary);
        return fail(decided.status.error());
      } else {
        // audit: recorded, and the call goes on
        rec.authorization = "would deny: " + decided.summary;
      }
    }
    std::optional<storage::Savepoint> writes;
    if (action->writes) {
      writes.emplace(service_.db);
      group = writes->group();
      // The first request that may store something in the account fixes its partition.
      if (!account_partition_fixed && !caller.account_id.empty())
        fix_account_partition(service_.db, caller.account_id, partition);
    }
    Result<XmlNode> result = action->handler(ctx);
    if (!ctx.authorization.empty())  // a trust policy the handler decided
      rec.authorization += (rec.authorization.empty() ? "" : "; ") + ctx.authorization;
    if (!result.ok()) return fail(result.error());  // the savepoint undoes any writes
    if (writes) writes->release();
    writes.reset();
    lock.unlock();
    return xml_response(200,
                        render_response(action->name, xml_namespace(service),
                                        action->has_result ? &result.value() : nullptr, request_id),
                        request_id);
  } catch (const storage::DatabaseError& e) {
    log::message(log::Level::kError, "database failure in " + action_name + ": " + e.what());
    return fail(errors::ServiceFailure(kServiceFailureMessage));
  } catch (const std::exception& e) {
    log::message(log::Level::kError, "unexpected failure in " + action_name + ": " + e.what());
    return fail(
        errors::InternalFailure("An internal error occurred while handling " + action_name + "."));
  }
}

}  // namespace localiam::api
