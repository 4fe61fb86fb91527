#include "api/dispatcher.hpp"

#include <exception>

#include "api/action_table.hpp"
#include "api/param_rules.hpp"
#include "api/xml_writer.hpp"
#include "common/random_ids.hpp"
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

std::optional<Service> service_named(std::string_view name) {
  if (name == "iam") return Service::kIam;
  if (name == "sts") return Service::kSts;
  return std::nullopt;
}

bool is_form(const HttpRequest& request) {
  const std::string* type = request.header("Content-Type");
  return !type || type->starts_with("application/x-www-form-urlencoded");
}

}  // namespace

HttpResponse Dispatcher::handle(const HttpRequest& request) const {
  const std::string request_id = make_request_id();
  Service service = Service::kIam;
  std::string action_name = "unknown";
  try {
    sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                            request.body};
    Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);

    QueryParams params;
    if (request.method == "POST" && is_form(request)) {
      if (Status s = params.add_form(request.body); !s.ok())
        return error_response(service, s.error(), request_id);
    }
    if (Status s = params.add_form(request.query()); !s.ok())
      return error_response(service, s.error(), request_id);

    const std::string* version = params.get("Version");
    const std::string* action_param = params.get("Action");
    std::optional<Service> scoped = parsed.ok() ? service_named(parsed->service) : std::nullopt;
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
      return error_response(service, errors::MissingAction("Missing Action"), request_id);
    action_name = *action_param;
    const Action* action = find_action(service, *action_param);
    if (!action) {
      std::string v = version ? *version : std::string(api_version(service));
      return error_response(
          service,
          errors::InvalidAction("Could not find operation " + *action_param + " for version " + v),
          request_id);
    }

    auto lock = service_.db.lock();
    Principal caller;
    std::string region = "us-east-1";
    if (action->needs_signature) {
      if (!parsed.ok()) return error_response(service, parsed.error(), request_id);
      Result<Principal> principal =
          auth_.authenticate(view, *parsed, service == Service::kIam ? "iam" : "sts");
      if (!principal.ok()) return error_response(service, principal.error(), request_id);
      caller = std::move(principal).value();
      region = parsed->region;
    }

    ValidationStyle style =
        service == Service::kIam ? ValidationStyle::kIam : ValidationStyle::kSts;
    if (Status s = validate_params(params, action->rules, style); !s.ok())
      return error_response(service, s.error(), request_id);

    RequestContext ctx{service_, service_.db, params,
                       caller,   region,      service_.clock.now_epoch_seconds()};
    std::optional<storage::Transaction> tx;
    if (action->writes) tx.emplace(service_.db);
    Result<XmlNode> result = action->handler(ctx);
    if (!result.ok()) return error_response(service, result.error(), request_id);
    if (tx) tx->commit();
    return xml_response(200,
                        render_response(action->name, xml_namespace(service),
                                        action->has_result ? &result.value() : nullptr, request_id),
                        request_id);
  } catch (const storage::DatabaseError& e) {
    return error_response(
        service,
        errors::ServiceFailure("The request processing has failed because of an unknown "
                               "error, exception or failure."),
        request_id);
  } catch (const std::exception& e) {
    return error_response(
        service,
        errors::InternalFailure("An internal error occurred while handling " + action_name + "."),
        request_id);
  }
}

}  // namespace localiam::api
