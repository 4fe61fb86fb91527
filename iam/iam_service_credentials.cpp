// Service-specific credentials of IAM users: CreateServiceSpecificCredential (a user name and
// password for CodeCommit and Amazon Keyspaces; a long-term API key, optionally expiring after
// CredentialAgeDays, for Amazon Bedrock and CloudWatch Logs; two per user and service),
// ListServiceSpecificCredentials (one user, the caller, or AllUsers; by service),
// ResetServiceSpecificCredential (a new password or key), UpdateServiceSpecificCredential
// (status) and DeleteServiceSpecificCredential. Secrets are returned only by Create and Reset.
#include <array>

#include "common/random_ids.hpp"
#include "credentials/service_credential_secrets.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/service_credential_repository.hpp"

namespace localiam::api {

namespace {

using storage::ServiceCredentialRepository;
using storage::ServiceCredentialRow;

constexpr int64_t kCredentialsPerUserPerService = 2;
constexpr int64_t kSecondsPerDay = 86400;

// Services that take service-specific credentials, and the kind each gets.
enum class CredentialKind { kPassword, kApiKey };
struct SupportedService {
  std::string_view name;
  CredentialKind kind;
};
constexpr std::array<SupportedService, 4> kServices{{
    {"codecommit.amazonaws.com", CredentialKind::kPassword},
    {"cassandra.amazonaws.com", CredentialKind::kPassword},
    {"bedrock.amazonaws.com", CredentialKind::kApiKey},
    {"logs.amazonaws.com", CredentialKind::kApiKey},
}};

Result<CredentialKind> supported_service(std::string_view name) {
  for (const SupportedService& s : kServices)
    if (s.name == name) return s.kind;
  // The model names NotSupportedService, but AWS answers NoSuchEntity (recorded from AWS).
  return errors::NoSuchEntity("No such service " + std::string(name) +
                              " is supported for Service Specific Credentials");
}

Result<ServiceCredentialRow> require_credential(RequestContext& ctx, const storage::UserRow& user) {
  const std::string& id = ctx.param("ServiceSpecificCredentialId");
  auto credential = ServiceCredentialRepository(ctx.db).find(id);
  if (!credential || credential->user_row != user.row)
    return errors::NoSuchEntity("No such credential " + id + " exists");
  return std::move(*credential);
}

// "Expired" once an API key's expiration date has passed, whatever status it was given.
std::string status_now(const RequestContext& ctx, const ServiceCredentialRow& c) {
  return c.expiration_date && *c.expiration_date <= ctx.now ? "Expired" : c.status;
}

void optional_text(XmlNode& node, const char* name, const std::optional<std::string>& value) {
  if (value) node.text(name, *value);
}

// ServiceSpecificCredential, secrets included (Create and Reset only).
void write_credential(RequestContext& ctx, XmlNode& node, const ServiceCredentialRow& c) {
  node.timestamp("CreateDate", c.create_date);
  if (c.expiration_date) node.timestamp("ExpirationDate", *c.expiration_date);
  node.text("ServiceName", c.service_name);
  optional_text(node, "ServiceUserName", c.service_user_name);
  optional_text(node, "ServicePassword", c.service_password);
  optional_text(node, "ServiceCredentialAlias", c.credential_alias);
  optional_text(node, "ServiceCredentialSecret", c.credential_secret);
  node.text("ServiceSpecificCredentialId", c.credential_id)
      .text("UserName", c.user_name)
      .text("Status", status_now(ctx, c));
}

// ServiceSpecificCredentialMetadata: no secrets.
void write_metadata(RequestContext& ctx, XmlNode& node, const ServiceCredentialRow& c) {
  node.text("UserName", c.user_name).text("Status", status_now(ctx, c));
  optional_text(node, "ServiceUserName", c.service_user_name);
  optional_text(node, "ServiceCredentialAlias", c.credential_alias);
  node.timestamp("CreateDate", c.create_date);
  if (c.expiration_date) node.timestamp("ExpirationDate", *c.expiration_date);
  node.text("ServiceSpecificCredentialId", c.credential_id).text("ServiceName", c.service_name);
}

// Fresh secrets of the credential's kind, into `c`.
void generate_secrets(ServiceCredentialRow& c, CredentialKind kind) {
  if (kind == CredentialKind::kPassword)
    c.service_password = credentials::make_service_password();
  else
    c.credential_secret = credentials::make_service_api_key(c.credential_alias.value_or(""));
}

Result<XmlNode> CreateServiceSpecificCredential(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  const std::string& service = ctx.param("ServiceName");
  ASSIGN_OR_RETURN(CredentialKind kind, supported_service(service));
  const std::string* age_days = ctx.optional_param("CredentialAgeDays");
  if (age_days && kind != CredentialKind::kApiKey)
    return errors::InvalidInput(
        "CredentialAgeDays is only valid for services that support long-term API keys.");
  ServiceCredentialRepository credentials(ctx.db);
  if (credentials.count_for_user(user.row, service) >= kCredentialsPerUserPerService)
    return errors::LimitExceeded(
        "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: " +
        std::to_string(kCredentialsPerUserPerService));
  ServiceCredentialRow c;
  c.credential_id = make_unique_id("ACCA");
  c.account_id = user.account_id;
  c.user_row = user.row;
  c.user_name = user.name;
  c.service_name = service;
  const std::string public_name = user.name + "-at-" + user.account_id;
  if (kind == CredentialKind::kPassword)
    c.service_user_name = public_name;
  else
    c.credential_alias = public_name;
  generate_secrets(c, kind);
  c.status = "Active";
  c.create_date = ctx.now;
  if (age_days) c.expiration_date = ctx.now + std::stoll(*age_days) * kSecondsPerDay;
  credentials.insert(c);
  XmlNode result;
  write_credential(ctx, result.child("ServiceSpecificCredential"), c);
  return result;
}

// Without UserName: the calling IAM user's credentials (none for other callers); with AllUsers:
// every user's in the account.
Result<XmlNode> ListServiceSpecificCredentials(RequestContext& ctx) {
  const bool all_users = ctx.param("AllUsers") == "true";
  if (all_users && ctx.optional_param("UserName"))
    return errors::InvalidInput("AllUsers cannot be specified together with UserName.");
  std::optional<std::string_view> service;
  if (const std::string* name = ctx.optional_param("ServiceName")) {
    RETURN_IF_ERROR(supported_service(*name));
    service = *name;
  }
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  storage::ServiceCredentialQuery query{ctx.account(), std::nullopt, service, after,
                                        max_items(ctx)};
  storage::Page<ServiceCredentialRow> page;
  if (all_users) {
    page = ServiceCredentialRepository(ctx.db).list(query);
  } else if (ctx.optional_param("UserName") || ctx.caller.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
    query.user_row = user.row;
    page = ServiceCredentialRepository(ctx.db).list(query);
  }
  XmlNode result;
  XmlNode& list = result.list("ServiceSpecificCredentials");
  for (const ServiceCredentialRow& c : page.items) write_metadata(ctx, list.member(), c);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().credential_id);
  return result;
}

Result<XmlNode> ResetServiceSpecificCredential(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(ServiceCredentialRow c, require_credential(ctx, user));
  ASSIGN_OR_RETURN(CredentialKind kind, supported_service(c.service_name));
  generate_secrets(c, kind);
  ServiceCredentialRepository(ctx.db).set_secrets(c.credential_id, c.service_password,
                                                  c.credential_secret);
  XmlNode result;
  write_credential(ctx, result.child("ServiceSpecificCredential"), c);
  return result;
}

Result<XmlNode> UpdateServiceSpecificCredential(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(ServiceCredentialRow c, require_credential(ctx, user));
  ServiceCredentialRepository(ctx.db).set_status(c.credential_id, ctx.param("Status"));
  return XmlNode();
}

Result<XmlNode> DeleteServiceSpecificCredential(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(ServiceCredentialRow c, require_credential(ctx, user));
  ServiceCredentialRepository(ctx.db).remove(c.credential_id);
  return XmlNode();
}

}  // namespace

void add_service_credential_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule user = name("UserName", 64);
  const ParamRule id = required(ParamRule{.name = "ServiceSpecificCredentialId",
                                          .min_length = 20,
                                          .max_length = 128,
                                          .pattern = Pattern::kAccessKeyId});
  const ParamRule service{.name = "ServiceName"};
  table.insert(
      table.end(),
      {
          {.name = "CreateServiceSpecificCredential",
           .service = iam,
           .handler = CreateServiceSpecificCredential,
           .rules = {required(user), required(service), integer("CredentialAgeDays", 1, 36600)},
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "ListServiceSpecificCredentials",
           .service = iam,
           .handler = ListServiceSpecificCredentials,
           .rules = {user, service, boolean("AllUsers"), marker(), max_items()},
           .resource = resource::user_or_caller()},
          {.name = "ResetServiceSpecificCredential",
           .service = iam,
           .handler = ResetServiceSpecificCredential,
           .rules = {user, id},
           .writes = true,
           .resource = resource::user_or_caller()},
          {.name = "UpdateServiceSpecificCredential",
           .service = iam,
           .handler = UpdateServiceSpecificCredential,
           .rules = {user, id,
                     required(ParamRule{.name = "Status",
                                        .enum_values = {"Active", "Inactive", "Expired"}})},
           .has_result = false,
           .writes = true,
           .resource = resource::user_or_caller()},
          {.name = "DeleteServiceSpecificCredential",
           .service = iam,
           .handler = DeleteServiceSpecificCredential,
           .rules = {user, id},
           .has_result = false,
           .writes = true,
           .resource = resource::user_or_caller()},
      });
}

}  // namespace localiam::api
