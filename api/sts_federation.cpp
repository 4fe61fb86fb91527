// STS: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, the two unsigned actions. The token
// or assertion is verified (api/web_identity.hpp, api/saml_assertion.hpp), the role must exist
// in the account of its ARN, and in `enforce` mode its trust policy must allow the identity
// provider (Federated principal) to call the action, with the provider's claims as condition
// keys. The session is an assumed-role session like AssumeRole's.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "api/action_rows.hpp"
#include "api/handler_support.hpp"
#include "api/param_presets.hpp"
#include "api/sts_support.hpp"
#include "api/web_identity.hpp"
#include "common/random_ids.hpp"
#include "federation/base64.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/evaluator.hpp"
#include "storage/credential_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kDefaultDuration = 3600;

// The role named by RoleArn, in the account of the ARN; AccessDenied "Not authorized to perform
// sts:{action}" when the ARN names no role (AWS's text for a denied federated call).
Result<storage::RoleRow> federated_role(RequestContext& ctx, std::string_view action) {
  const std::string& role_arn = ctx.param("RoleArn");
  auto parts = sts::parse_role_arn(role_arn);
  if (!parts) return sts::invalid_arn(role_arn);
  auto role = storage::RoleRepository(ctx.db).find(parts->account_id, parts->name);
  if (!role || entity_arn(role->account_id, "role", role->path, role->name) != role_arn)
    return errors::AccessDenied("Not authorized to perform sts:" + std::string(action));
  return std::move(*role);
}

// Enforce mode: the role's trust policy must allow `provider_arn` (a Federated principal) to
// call sts:{action} with these condition keys.
Status check_trust(RequestContext& ctx, const storage::RoleRow& role, std::string_view action,
                   const std::string& provider_arn, const policy::ContextKeys& keys) {
  if (ctx.service.config.auth_mode != AuthMode::kEnforce) return ok_status();
  const AwsError denied =
      errors::AccessDenied("Not authorized to perform sts:" + std::string(action));
  auto compiled = policy::compile_policy(role.trust_policy, policy::PolicyKind::kTrust);
  if (!compiled) return denied;
  policy::RequestPrincipal principal;
  principal.arn = provider_arn;
  principal.account = role.account_id;
  principal.federated = provider_arn;
  policy::PolicyInput trust{&*compiled, "AssumeRolePolicyDocument", policy::SourceType::kResource};
  policy::EvaluationInput input;
  input.resource = &trust;
  input.resource_account = role.account_id;
  policy::AuthzRequest request{"sts:" + std::string(action),
                               entity_arn(role.account_id, "role", role.path, role.name),
                               &principal, &keys};
  if (policy::evaluate(input, request).decision != policy::Decision::kAllowed) return denied;
  return ok_status();
}

// The assumed-role session of a federated call (DurationSeconds up to the role's maximum,
// session policies), stored; the caller adds what its response shows.
Result<storage::SessionRow> federated_session(RequestContext& ctx, const storage::RoleRow& role,
                                              int64_t* packed_size) {
  const int64_t duration = sts::duration_param(ctx, kDefaultDuration);
  if (duration > role.max_session_duration)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  ASSIGN_OR_RETURN(sts::SessionPolicies policies, sts::read_session_policies(ctx, role.account_id));
  ASSIGN_OR_RETURN(int64_t size, sts::packed_policy_size(policies, {}));
  *packed_size = policies.policy || !policies.arns.empty() ? size : -1;
  const std::string& session_name = ctx.param("RoleSessionName");
  storage::SessionRow session = sts::new_session(ctx, "assumed-role", role.account_id, duration);
  session.arn =
      "arn:aws:sts::" + role.account_id + ":assumed-role/" + role.name + "/" + session_name;
  session.principal_id = role.role_id + ":" + session_name;
  session.role_name = role.name;
  session.session_name = session_name;
  session.session_policy = policies.policy;
  session.policy_arns = std::move(policies.arns);
  return session;
}

// The token's claims as condition keys "{provider}:{claim}" (string claims; the aud that
// matched as {provider}:aud), and sts:RoleSessionName.
policy::ContextKeys web_identity_keys(const VerifiedWebIdentity& id, std::string_view session) {
  policy::ContextKeys keys;
  const std::string prefix = id.provider_resource + ":";
  for (auto it = id.jwt.claims.MemberBegin(); it != id.jwt.claims.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (it->value.IsString())
      keys.set(prefix + name, std::string(it->value.GetString(), it->value.GetStringLength()));
    else if (it->value.IsArray())
      for (const auto& v : it->value.GetArray())
        if (v.IsString()) keys.add(prefix + name, std::string(v.GetString(), v.GetStringLength()));
  }
  keys.set(prefix + "aud", id.audience);
  keys.set("aws:FederatedProvider", id.provider.arn);
  keys.set("sts:RoleSessionName", std::string(session));
  return keys;
}

Result<XmlNode> AssumeRoleWithWebIdentity(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  auto parts = sts::parse_role_arn(role_arn);
  if (!parts) return sts::invalid_arn(role_arn);
  ASSIGN_OR_RETURN(VerifiedWebIdentity id, verify_web_identity_token(
                                               ctx, ctx.param("WebIdentityToken"), parts->account_id));
  constexpr std::string_view kAction = "AssumeRoleWithWebIdentity";
  ASSIGN_OR_RETURN(storage::RoleRow role, federated_role(ctx, kAction));
  RETURN_IF_ERROR(check_trust(ctx, role, kAction, id.provider.arn,
                              web_identity_keys(id, ctx.param("RoleSessionName"))));
  int64_t packed_size = -1;
  ASSIGN_OR_RETURN(storage::SessionRow session, federated_session(ctx, role, &packed_size));
  storage::SessionRepository(ctx.db).insert(session);
  storage::RoleRepository(ctx.db).mark_used(role.row, ctx.now, ctx.region);

  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  result.text("SubjectFromWebIdentityToken", id.subject);
  result.child("AssumedRoleUser")
      .text("AssumedRoleId", session.principal_id)
      .text("Arn", session.arn);
  if (packed_size >= 0) result.integer("PackedPolicySize", packed_size);
  result.text("Provider", id.provider.arn).text("Audience", id.audience);
  return result;
}

// AWS relays these two from its SAML back end with that service's request id appended
// (seen in real responses: "Specified provider doesn't exist (Service:
// AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlManifestNotFoundException;
// Request ID: …; Proxy: null)"). Which of the two AWS checks first is not known.
AwsError saml_error(std::string_view what, std::string_view code) {
  return errors::InvalidIdentityToken(
      std::string(what) + " (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: " +
      std::string(code) + "; Request ID: " + make_request_id() + "; Proxy: null)");
}

Result<XmlNode> AssumeRoleWithSAML(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  if (!sts::parse_role_arn(role_arn)) return sts::invalid_arn(role_arn);
  if (!federation::base64_decode(ctx.param("SAMLAssertion")))
    return saml_error("Invalid base64 SAMLResponse", "AuthSamlInvalidSamlResponseException");
  return saml_error("Specified provider doesn't exist", "AuthSamlManifestNotFoundException");
}

ParamRule role_arn_rule(const char* name) {
  return presets::required(
      ParamRule{.name = name, .min_length = 20, .max_length = 2048, .pattern = Pattern::kStsArn});
}

}  // namespace

void add_sts_federation_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto sts = Service::kSts;
  const ParamRule session_policy{
      .name = "Policy", .min_length = 1, .max_length = 2048, .pattern = Pattern::kPolicyDocument};
  table.insert(
      table.end(),
      {
          {"AssumeRoleWithWebIdentity",
           sts,
           AssumeRoleWithWebIdentity,
           {role_arn_rule("RoleArn"),
            required(ParamRule{.name = "RoleSessionName",
                               .min_length = 2,
                               .max_length = 64,
                               .pattern = Pattern::kSessionName}),
            required(ParamRule{.name = "WebIdentityToken", .min_length = 4, .max_length = 20000}),
            ParamRule{.name = "ProviderId", .min_length = 4, .max_length = 2048}, session_policy,
            integer("DurationSeconds", 900, 43200)},
           true,
           true,
           false},
          {"AssumeRoleWithSAML",
           sts,
           AssumeRoleWithSAML,
           {role_arn_rule("RoleArn"), role_arn_rule("PrincipalArn"),
            required(ParamRule{.name = "SAMLAssertion", .min_length = 4, .max_length = 100000}),
            session_policy, integer("DurationSeconds", 900, 43200)},
           true,
           true,
           false},
      });
}

}  // namespace localiam::api
