// STS: GetCallerIdentity and AssumeRole. Temporary credentials are stored with their
// expiration and resolved by the Authenticator like any other key.
#include <optional>

#include "api/action_rows.hpp"
#include "api/authenticator.hpp"
#include "api/handler_support.hpp"
#include "api/param_presets.hpp"
#include "common/random_ids.hpp"
#include "policy/policy_document.hpp"
#include "storage/credential_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

namespace {

constexpr int64_t kDefaultDuration = 3600;
constexpr int64_t kRoleChainingLimit = 3600;

struct RoleArnParts {
  std::string account_id;
  std::string name;  // the last path segment
};

// arn:aws:iam::123456789012:role/optional/path/name
std::optional<RoleArnParts> parse_role_arn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = arn.substr(kPrefix.size());
  size_t colon = rest.find(':');
  if (colon != 12) return std::nullopt;
  std::string_view account = rest.substr(0, 12);
  for (char c : account)
    if (c < '0' || c > '9') return std::nullopt;
  std::string_view resource = rest.substr(13);
  if (!resource.starts_with("role/")) return std::nullopt;
  size_t slash = resource.rfind('/');
  std::string_view name = resource.substr(slash + 1);
  if (name.empty()) return std::nullopt;
  return RoleArnParts{std::string(account), std::string(name)};
}

void write_credentials(XmlNode& node, const storage::SessionRow& session) {
  node.text("AccessKeyId", session.access_key_id)
      .text("SecretAccessKey", session.secret)
      .text("SessionToken", session.session_token)
      .timestamp("Expiration", session.expiration);
}

}  // namespace

Result<XmlNode> GetCallerIdentity(RequestContext& ctx) {
  XmlNode result;
  result.text("UserId", ctx.caller.user_id)
      .text("Account", ctx.caller.account_id)
      .text("Arn", ctx.caller.arn);
  return result;
}

Result<XmlNode> AssumeRole(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  const std::string& session_name = ctx.param("RoleSessionName");
  auto parts = parse_role_arn(role_arn);
  if (!parts) return errors::ValidationError(role_arn + " is invalid");
  const bool open = ctx.service.config.auth_mode == AuthMode::kOpen;
  // Open mode is lenient (people call AssumeRole with the root "test" key); AWS refuses roots.
  if (ctx.caller.kind == PrincipalKind::kRoot && !ctx.caller.temporary && !open)
    return errors::AccessDenied("Roles may not be assumed by root accounts.");

  storage::RoleRepository roles(ctx.db);
  auto role = roles.find(parts->account_id, parts->name);
  if (!role || entity_arn(role->account_id, "role", role->path, role->name) != role_arn)
    return errors::AccessDenied(
        "User: " + ctx.caller.arn +
        " is not authorized to perform: sts:AssumeRole on resource: " + role_arn);

  int64_t duration = kDefaultDuration;
  if (ctx.optional_param("DurationSeconds")) duration = std::stoll(ctx.param("DurationSeconds"));
  if (duration > role->max_session_duration)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  if (ctx.caller.kind == PrincipalKind::kAssumedRole && duration > kRoleChainingLimit)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.");

  std::optional<int64_t> packed_size;
  const std::string* session_policy = ctx.optional_param("Policy");
  if (session_policy) {
    RETURN_IF_ERROR(
        policy::validate_policy_document(*session_policy, policy::PolicyKind::kSession));
    // AWS packs session policies into a binary budget and reports the percentage used; the
    // packing is not public, so this approximates it from the compact size.
    int64_t percent =
        static_cast<int64_t>(policy::policy_size_without_whitespace(*session_policy)) * 100 / 1024;
    if (percent > 100)
      return errors::PackedPolicyTooLarge("Packed policy consumes " + std::to_string(percent) +
                                          "% of allotted space, please use smaller policy.");
    packed_size = percent;
  }

  storage::SessionRow session;
  session.access_key_id = make_access_key_id("ASIA");
  session.account_id = role->account_id;
  session.secret = make_secret_access_key();
  session.session_token = make_session_token();
  session.kind = "assumed-role";
  session.arn =
      "arn:aws:sts::" + role->account_id + ":assumed-role/" + role->name + "/" + session_name;
  session.principal_id = role->role_id + ":" + session_name;
  session.role_name = role->name;
  session.session_name = session_name;
  session.source_arn = ctx.caller.arn;
  if (session_policy) session.session_policy = *session_policy;
  session.create_date = ctx.now;
  session.expiration = ctx.now + duration;
  storage::SessionRepository(ctx.db).insert(session);
  roles.mark_used(role->row, ctx.now, ctx.region);

  XmlNode result;
  write_credentials(result.child("Credentials"), session);
  result.child("AssumedRoleUser")
      .text("AssumedRoleId", session.principal_id)
      .text("Arn", session.arn);
  if (packed_size) result.integer("PackedPolicySize", *packed_size);
  if (const std::string* source = ctx.optional_param("SourceIdentity"))
    result.text("SourceIdentity", *source);
  return result;
}

}  // namespace

void add_sts_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto sts = Service::kSts;
  table.insert(
      table.end(),
      {
          {"GetCallerIdentity", sts, GetCallerIdentity, {}},
          {"AssumeRole",
           sts,
           AssumeRole,
           {required(ParamRule{.name = "RoleArn",
                               .min_length = 20,
                               .max_length = 2048,
                               .pattern = Pattern::kStsArn}),
            required(ParamRule{.name = "RoleSessionName",
                               .min_length = 2,
                               .max_length = 64,
                               .pattern = Pattern::kSessionName}),
            ParamRule{.name = "Policy", .min_length = 1, .pattern = Pattern::kPolicyDocument},
            integer("DurationSeconds", 900, 43200),
            ParamRule{.name = "ExternalId",
                      .min_length = 2,
                      .max_length = 1224,
                      .pattern = Pattern::kExternalId},
            ParamRule{.name = "SerialNumber",
                      .min_length = 9,
                      .max_length = 256,
                      .pattern = Pattern::kSerialNumber},
            ParamRule{.name = "TokenCode",
                      .min_length = 6,
                      .max_length = 6,
                      .pattern = Pattern::kTokenCode},
            ParamRule{.name = "SourceIdentity",
                      .min_length = 2,
                      .max_length = 64,
                      .pattern = Pattern::kSessionName}},
           true,
           true},
      });
}

}  // namespace localiam::api
