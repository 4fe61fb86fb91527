// Delegation requests (temporary access delegation to onboarded partners) and
// GetHumanReadableSummary. Only partners that AWS has onboarded may create delegation requests
// (CreateDelegationRequest "is not available for general use"); no localiam account is one,
// so creating is refused and no delegation request ever exists: listing finds none, and every
// operation on a request id answers NoSuchEntity, as AWS does for an id it does not know.
// GetHumanReadableSummary supports delegation requests only.
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "query/param_presets.hpp"

namespace localiam::api {

namespace {

AwsError no_such_request(std::string_view id) {
  return errors::NoSuchEntity("Delegation request " + std::string(id) + " does not exist.");
}

Result<XmlNode> CreateDelegationRequest(RequestContext& ctx) {
  return errors::AccessDenied("User: " + ctx.caller.arn +
                              " is not authorized to perform: iam:CreateDelegationRequest "
                              "because the account is not onboarded as a delegation partner");
}

// Accept, Associate, Reject, SendDelegationToken, Update and Get: the id names no request.
Result<XmlNode> on_request(RequestContext& ctx) {
  return no_such_request(ctx.param("DelegationRequestId"));
}

Result<XmlNode> ListDelegationRequests(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  (void)after;  // there is nothing to page through
  XmlNode result;
  result.list("DelegationRequests");
  result.boolean("isTruncated", false);
  return result;
}

Result<XmlNode> GetHumanReadableSummary(RequestContext& ctx) {
  const std::string& arn = ctx.param("EntityArn");
  RETURN_IF_ERROR(check_arn(arn));
  const std::string kind = ":delegation-request/";
  const size_t at = arn.find(kind);
  if (!arn::is_iam(arn) || at == std::string::npos)
    return errors::InvalidInput("The entity type of " + arn +
                                " is not supported. The only supported entity type is "
                                "delegation-request.");
  return no_such_request(arn.substr(at + kind.size()));
}

ParamRule request_id() {
  return ParamRule{.name = "DelegationRequestId",
                   .required = true,
                   .min_length = 16,
                   .max_length = 128,
                   .pattern = Pattern::kDelegationRequestId};
}

ParamRule notes() {
  return ParamRule{.name = "Notes", .max_length = 500, .pattern = Pattern::kRoleDescription};
}

}  // namespace

void add_delegation_request_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(),
               {
                   {.name = "CreateDelegationRequest",
                    .service = iam,
                    .handler = CreateDelegationRequest,
                    .rules = {ParamRule{.name = "OwnerAccountId", .pattern = Pattern::kAccountId},
                              ParamRule{.name = "Description",
                                        .required = true,
                                        .max_length = 1000,
                                        .pattern = Pattern::kRoleDescription},
                              ParamRule{.name = "RequestMessage",
                                        .max_length = 200,
                                        .pattern = Pattern::kRoleDescription},
                              ParamRule{.name = "RequestorWorkflowId",
                                        .required = true,
                                        .min_length = 5,
                                        .max_length = 400,
                                        .pattern = Pattern::kRequestorWorkflowId},
                              ParamRule{.name = "RedirectUrl",
                                        .min_length = 1,
                                        .max_length = 255,
                                        .pattern = Pattern::kRedirectUrl},
                              ParamRule{.name = "NotificationChannel",
                                        .required = true,
                                        .min_length = 2,
                                        .max_length = 400,
                                        .pattern = Pattern::kNotificationChannel},
                              ParamRule{.name = "SessionDuration",
                                        .required = true,
                                        .kind = ParamKind::kInteger,
                                        .min_value = 300,
                                        .max_value = 43200},
                              boolean("OnlySendByOwner")},
                    .writes = true,
                    .resource = resource::unknown()},
                   {.name = "GetDelegationRequest",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id(), boolean("DelegationPermissionCheck")},
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "ListDelegationRequests",
                    .service = iam,
                    .handler = ListDelegationRequests,
                    .rules = {ParamRule{.name = "OwnerId",
                                        .min_length = 20,
                                        .max_length = 2048,
                                        .pattern = Pattern::kOwnerId},
                              marker(), max_items()}},
                   {.name = "AcceptDelegationRequest",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "AssociateDelegationRequest",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "RejectDelegationRequest",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id(), notes()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "UpdateDelegationRequest",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id(), notes()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "SendDelegationToken",
                    .service = iam,
                    .handler = on_request,
                    .rules = {request_id()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::named("delegation-request", "DelegationRequestId")},
                   {.name = "GetHumanReadableSummary",
                    .service = iam,
                    .handler = GetHumanReadableSummary,
                    .rules = {arn("EntityArn"),
                              ParamRule{.name = "Locale", .min_length = 2, .max_length = 12}},
                    .resource = resource::arn("EntityArn")},
               });
}

}  // namespace localiam::api
