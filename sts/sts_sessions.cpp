// STS: GetSessionToken and GetFederationToken (temporary credentials for IAM users and the
// root), GetAccessKeyInfo, DecodeAuthorizationMessage, and the actions localiam answers as
// AWS does for an account outside an organization with no outbound federation enabled:
// AssumeRoot, GetDelegatedAccessToken, GetWebIdentityToken.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "auth/authenticator.hpp"
#include "auth/mfa_verification.hpp"
#include "auth/oidc_issuer.hpp"
#include "common/random_ids.hpp"
#include "federation/jwt.hpp"
#include "query/param_presets.hpp"
#include "storage/credential_repository.hpp"
#include "storage/federation_settings_repository.hpp"
#include "sts/sts_actions.hpp"
#include "sts/sts_support.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kDefaultTokenDuration = 43200;
constexpr int64_t kRootTokenLimit = 3600;
constexpr int64_t kDefaultWebIdentityTokenDuration = 300;

// GetSessionToken and GetFederationToken: root credentials get at most one hour (longer
// requests are shortened, not refused).
int64_t token_duration(const RequestContext& ctx) {
  int64_t duration = sts::duration_param(ctx, kDefaultTokenDuration);
  if (ctx.caller.kind == PrincipalKind::kRoot) duration = std::min(duration, kRootTokenLimit);
  return duration;
}

Result<XmlNode> GetSessionToken(RequestContext& ctx) {
  if (ctx.caller.temporary)
    return errors::AccessDenied("Cannot call GetSessionToken with session credentials");
  const bool root = ctx.caller.kind == PrincipalKind::kRoot;
  storage::SessionRow session =
      sts::new_session(ctx, root ? "root" : "user", ctx.caller.account_id, token_duration(ctx));
  // The credentials act as the user (or root) itself: same ARN, same unique id.
  session.arn = ctx.caller.arn;
  session.principal_id = ctx.caller.user_id;
  if (!root) session.role_name = ctx.caller.name;
  // A serial number with the device's current code makes an MFA-authenticated session,
  // which may call IAM.
  ASSIGN_OR_RETURN(session.mfa_authenticated, verify_sts_mfa(ctx));
  storage::SessionRepository(ctx.db).insert(session);

  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  return result;
}

Result<XmlNode> GetFederationToken(RequestContext& ctx) {
  if (ctx.caller.temporary)
    return errors::AccessDenied("Cannot call GetFederationToken with session credentials");
  const std::string& name = ctx.param("Name");
  const std::string& account = ctx.caller.account_id;
  ASSIGN_OR_RETURN(sts::SessionPolicies policies, sts::read_session_policies(ctx, account));
  ASSIGN_OR_RETURN(sts::SessionTags tags, sts::read_session_tags(ctx, false));
  ASSIGN_OR_RETURN(int64_t packed_size, sts::packed_policy_size(policies, tags.tags));

  storage::SessionRow session =
      sts::new_session(ctx, "federated-user", account, token_duration(ctx));
  session.arn = arn::federated_user(ctx.partition, account, name);
  session.principal_id = account + ":" + name;
  session.session_name = name;
  session.session_policy = policies.policy;
  session.policy_arns = std::move(policies.arns);
  session.tags = std::move(tags.tags);
  storage::SessionRepository(ctx.db).insert(session);

  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  result.child("FederatedUser")
      .text("FederatedUserId", session.principal_id)
      .text("Arn", session.arn);
  result.integer("PackedPolicySize", packed_size);  // present even without a policy (0)
  return result;
}

// The account of any key localiam knows (the root key, IAM users' keys, STS keys); a key it
// does not know belongs to the default account. (A 12-digit key, which selects an account in
// open mode, never gets here: the model requires at least 16 characters.)
Result<XmlNode> GetAccessKeyInfo(RequestContext& ctx) {
  const std::string& key = ctx.param("AccessKeyId");
  // STS's accessKeyIdType pattern is [\w]* (IAM's is [\w]+), so it is checked here.
  if (!std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
      }))
    return errors::ValidationError("1 validation error detected: Value '" + key +
                                   "' at 'accessKeyId' failed to satisfy constraint: Member "
                                   "must satisfy regular expression pattern: [\\w]*");
  const ServiceConfig& config = ctx.service.config;
  std::string account = config.default_account_id;
  if (key != config.root_access_key) {
    if (auto session = storage::SessionRepository(ctx.db).find(key))
      account = session->account_id;
    else if (auto access_key = storage::AccessKeyRepository(ctx.db).find(key))
      account = access_key->account_id;
  }
  XmlNode result;
  result.text("Account", account);
  return result;
}

// localiam issues no encoded authorization messages (its AccessDenied texts are plain), so
// no message can be decoded. AWS's text for an undecodable message was not found in any
// transcript; "Message is not valid" is unconfirmed.
Result<XmlNode> DecodeAuthorizationMessage(RequestContext&) {
  return errors::InvalidAuthorizationMessageException("Message is not valid");
}

// AssumeRoot needs an Organizations management (or delegated administrator) account with
// centralized root access; localiam has no organizations, so the caller is never allowed.
// AWS's exact text for a caller outside an organization is unconfirmed; this is its generic
// AccessDenied form, with the member account's root as the resource.
Result<XmlNode> AssumeRoot(RequestContext& ctx) {
  if (!ctx.optional_param("TaskPolicyArn.arn"))
    return errors::ValidationError(
        "1 validation error detected: Value null at 'taskPolicyArn' failed to satisfy "
        "constraint: Member must not be null");
  const std::string& target = ctx.param("TargetPrincipal");
  std::string resource = target;
  if (target.size() == 12 &&
      std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; }))
    resource = arn::root(ctx.partition, target);
  return errors::AccessDenied(
      "User: " + ctx.caller.arn +
      " is not authorized to perform: sts:AssumeRoot on resource: " + resource);
}

// Trade-in tokens come from AWS services localiam does not emulate, so none can be valid.
// AWS's answer for an unknown token is unconfirmed; this is the one error the model gives
// the operation for a token that cannot be exchanged, with its documented description.
Result<XmlNode> GetDelegatedAccessToken(RequestContext&) {
  return errors::ExpiredTradeInTokenException(
      "The trade-in token provided in the request has expired and can no longer be exchanged "
      "for credentials. Request a new token and retry the operation.");
}

// Outbound web identity federation is off until IAM EnableOutboundWebIdentityFederation turns
// it on for the account. The disabled message is the error's documented description; AWS's
// wire text is unconfirmed.
Result<XmlNode> GetWebIdentityToken(RequestContext& ctx) {
  // DurationSeconds: AWS-recorded snapshots (unverified) show the newer "between" form.
  if (const std::string* d = ctx.optional_param("DurationSeconds")) {
    int64_t seconds = sts::duration_param(ctx, 0);
    if (seconds < 60 || seconds > 3600)
      return errors::ValidationError("1 validation error detected: Value '" + *d +
                                     "' at 'durationSeconds' failed to satisfy constraint: "
                                     "Member must have value between 60 and 3600");
  }
  // Audience: 1–10 members of 1–1000 characters (lists reported as a whole, without value).
  auto audiences = ctx.params.list("Audience");
  const char* audience_problem = nullptr;
  if (audiences.empty())
    audience_problem =
        "Value null at 'audience' failed to satisfy constraint: Member must not be null";
  else if (audiences.size() > 10)
    audience_problem =
        "Value at 'audience' failed to satisfy constraint: Member must have length "
        "less than or equal to 10";
  else if (std::any_of(audiences.begin(), audiences.end(),
                       [](const std::string& a) { return a.empty() || a.size() > 1000; }))
    audience_problem =
        "Value at 'audience' failed to satisfy constraint: Member must satisfy "
        "constraint: [Member must have length less than or equal to 1000, Member "
        "must have length greater than or equal to 1]";
  if (audience_problem)
    return errors::ValidationError(std::string("1 validation error detected: ") + audience_problem);
  RETURN_IF_ERROR(sts::read_session_tags(ctx, false));
  // Enabled (IAM EnableOutboundWebIdentityFederation): a JWT signed with localiam's issuer key,
  // issued by the account's issuer identifier for the caller.
  auto outbound = storage::FederationSettingsRepository(ctx.db).outbound(ctx.account());
  if (outbound && outbound->enabled) {
    const int64_t expires = ctx.now + sts::duration_param(ctx, kDefaultWebIdentityTokenDuration);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto string = [&w](std::string_view s) {
      w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    };
    w.StartObject();
    w.Key("iss");
    string(outbound->issuer_id);
    w.Key("sub");
    string(ctx.caller.arn);
    w.Key("aud");
    if (audiences.size() == 1) {
      string(audiences[0]);
    } else {
      w.StartArray();
      for (const auto& a : audiences) string(a);
      w.EndArray();
    }
    w.Key("iat");
    w.Int64(ctx.now);
    w.Key("exp");
    w.Int64(expires);
    w.Key("jti");
    string(make_request_id());
    w.EndObject();
    oidc::IssuerKey key = oidc::issuer_key(ctx.db, ctx.now);
    XmlNode result;
    result.text("WebIdentityToken",
                federation::sign_jwt(std::string_view(buffer.GetString(), buffer.GetSize()),
                                     key.key, key.kid));
    result.timestamp("Expiration", expires);
    return result;
  }
  return errors::OutboundWebIdentityFederationDisabledException(
      "The outbound web identity federation feature is not enabled for this account. To use "
      "this feature, you must first enable it through the AWS Management Console or API.");
}

}  // namespace

void add_sts_session_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto sts = Service::kSts;
  const ParamRule serial_number{.name = "SerialNumber",
                                .min_length = 9,
                                .max_length = 256,
                                .pattern = Pattern::kSerialNumber};
  const ParamRule token_code{
      .name = "TokenCode", .min_length = 6, .max_length = 6, .pattern = Pattern::kTokenCode};
  table.insert(table.end(),
               {
                   {.name = "GetSessionToken",
                    .service = sts,
                    .handler = GetSessionToken,
                    .rules = {integer("DurationSeconds", 900, 129600), serial_number, token_code},
                    .writes = true},
                   {.name = "GetFederationToken",
                    .service = sts,
                    .handler = GetFederationToken,
                    .rules = {required(ParamRule{.name = "Name",
                                                 .min_length = 2,
                                                 .max_length = 32,
                                                 .pattern = Pattern::kSessionName}),
                              ParamRule{.name = "Policy",
                                        .min_length = 1,
                                        .max_length = 2048,
                                        .pattern = Pattern::kPolicyDocument},
                              integer("DurationSeconds", 900, 129600)},
                    .writes = true,
                    .resource = resource::federated_user()},
                   {.name = "GetAccessKeyInfo",
                    .service = sts,
                    .handler = GetAccessKeyInfo,
                    .rules = {required(
                        ParamRule{.name = "AccessKeyId", .min_length = 16, .max_length = 128})}},
                   {.name = "DecodeAuthorizationMessage",
                    .service = sts,
                    .handler = DecodeAuthorizationMessage,
                    .rules = {required(ParamRule{
                        .name = "EncodedMessage", .min_length = 1, .max_length = 10240})}},
                   {.name = "AssumeRoot",
                    .service = sts,
                    .handler = AssumeRoot,
                    .rules = {required(ParamRule{
                                  .name = "TargetPrincipal", .min_length = 12, .max_length = 2048}),
                              ParamRule{.name = "TaskPolicyArn.arn",
                                        .min_length = 20,
                                        .max_length = 2048,
                                        .pattern = Pattern::kStsArn},
                              integer("DurationSeconds", 0, 900)},
                    .resource = resource::unknown()},
                   {.name = "GetDelegatedAccessToken",
                    .service = sts,
                    .handler = GetDelegatedAccessToken,
                    .rules = {required(ParamRule{.name = "TradeInToken"})}},
                   {.name = "GetWebIdentityToken",
                    .service = sts,
                    .handler = GetWebIdentityToken,
                    .rules = {required(ParamRule{.name = "SigningAlgorithm",
                                                 .min_length = 5,
                                                 .max_length = 5,
                                                 .enum_values = {"RS256", "ES384"}})},
                    .writes = true},  // writes: the issuer key is made on first use
               });
}

}  // namespace localiam::api
