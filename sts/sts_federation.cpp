// STS: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, the two unsigned actions. The token
// or assertion is verified (auth/web_identity.hpp, federation/saml_response.hpp), the role must
// exist in the account of its ARN, and in `enforce` mode its trust policy must allow the identity
// provider (Federated principal) to call the action, with the provider's claims as condition
// keys (`audit` mode decides the same, and records a denial without refusing). The session is
// an assumed-role session like AssumeRole's.
#include <openssl/evp.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_partition.hpp"
#include "auth/authorizer.hpp"
#include "auth/web_identity.hpp"
#include "common/random_ids.hpp"
#include "federation/base64.hpp"
#include "federation/rsa_key.hpp"
#include "federation/saml_metadata.hpp"
#include "federation/saml_response.hpp"
#include "federation/xml_signature.hpp"
#include "policy/compiled_policy.hpp"
#include "query/param_presets.hpp"
#include "query/param_rules.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_provider_repository.hpp"
#include "storage/role_repository.hpp"
#include "sts/sts_actions.hpp"
#include "sts/sts_support.hpp"

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
  if (!role ||
      arn::entity(ctx.partition, role->account_id, "role", role->path, role->name) != role_arn)
    return errors::AccessDenied("Not authorized to perform " +
                                policy_action(Service::kSts, action));
  RETURN_IF_ERROR(check_account_partition(ctx, role->account_id));
  return std::move(*role);
}

// Modes that evaluate policies: the role's trust policy must allow `provider_arn` (a Federated
// principal) to call sts:{action} with these condition keys. A denial is recorded for the
// access log (ctx.authorization); enforce refuses it, audit lets the call go on.
Status check_trust(RequestContext& ctx, const storage::RoleRow& role, std::string_view action,
                   const std::string& provider_arn, const policy::ContextKeys& keys) {
  const AuthMode mode = ctx.service.config.auth_mode;
  if (!mode.evaluates_policies()) return ok_status();
  auto refuse = [&](std::string decided) -> Status {
    if (!ctx.authorization.empty()) ctx.authorization += "; ";
    ctx.authorization += (mode.refuses_on_deny() ? "" : "would deny: ") + decided;
    if (!mode.refuses_on_deny()) return ok_status();
    return errors::AccessDenied("Not authorized to perform " +
                                policy_action(Service::kSts, action));
  };
  auto compiled = policy::compile_policy(role.trust_policy, policy::PolicyKind::kTrust);
  if (!compiled) return refuse("implicitDeny: the trust policy does not compile");
  const LoadedPolicy trust{
      .id = "AssumeRolePolicyDocument",
      .type = policy::SourceType::kResource,
      .document = role.trust_policy,
      .compiled = std::make_shared<const policy::CompiledPolicy>(std::move(compiled).value())};
  ResourcePolicy resource_policy;
  resource_policy.policy = &trust;
  resource_policy.account = role.account_id;
  resource_policy.type = PolicyType::kTrust;
  policy::RequestPrincipal principal;
  principal.arn = provider_arn;
  principal.account = role.account_id;
  principal.federated = provider_arn;
  AuthzQuestion question;
  question.principal = &principal;
  question.action = policy_action(Service::kSts, action);
  question.resource = arn::entity(ctx.partition, role.account_id, "role", role.path, role.name);
  question.context = &keys;
  question.resource_policy = &resource_policy;
  const AuthzDecision d = decide(question);
  if (d.allowed()) {
    ctx.authorization = "allowed (AssumeRolePolicyDocument)";
    return ok_status();
  }
  return refuse(std::string(policy::decision_name(d.effect)) + ": " + d.reason +
                " (AssumeRolePolicyDocument)");
}

// The assumed-role session of a federated call (DurationSeconds up to the role's maximum,
// session policies), stored; the caller adds what its response shows.
Result<storage::SessionRow> federated_session(RequestContext& ctx, const storage::RoleRow& role,
                                              const std::string& session_name,
                                              int64_t default_duration, int64_t* packed_size) {
  const int64_t duration = sts::duration_param(ctx, default_duration);
  if (duration > role.max_session_duration)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  ASSIGN_OR_RETURN(sts::SessionPolicies policies, sts::read_session_policies(ctx, role.account_id));
  ASSIGN_OR_RETURN(int64_t size, sts::packed_policy_size(policies, {}));
  *packed_size = policies.policy || !policies.arns.empty() ? size : -1;
  storage::SessionRow session = sts::new_session(ctx, "assumed-role", role.account_id, duration);
  session.arn = arn::assumed_role(ctx.partition, role.account_id, role.name, session_name);
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

// Session tags a token carries in AWS's claim
// "https://aws.amazon.com/tags": {"principal_tags": {"Key": ["Value"]}, "transitive_tag_keys":
// [...]}.
struct TokenTags {
  std::vector<storage::SessionTag> tags;
  std::vector<std::string> transitive_keys;
};

Result<TokenTags> token_session_tags(const VerifiedWebIdentity& id) {
  TokenTags out;
  const auto& claims = id.jwt.claims;
  auto claim = claims.FindMember("https://aws.amazon.com/tags");
  if (claim == claims.MemberEnd()) return out;
  const AwsError bad =
      errors::InvalidIdentityToken("Invalid session tags in the web identity token");
  if (!claim->value.IsObject()) return bad;
  auto principal_tags = claim->value.FindMember("principal_tags");
  if (principal_tags != claim->value.MemberEnd()) {
    if (!principal_tags->value.IsObject()) return bad;
    for (auto it = principal_tags->value.MemberBegin(); it != principal_tags->value.MemberEnd();
         ++it) {
      // AWS takes each tag's value as a one-element list.
      if (!it->value.IsArray() || it->value.Size() != 1 || !it->value[0].IsString()) return bad;
      std::string key(it->name.GetString(), it->name.GetStringLength());
      std::string value(it->value[0].GetString(), it->value[0].GetStringLength());
      if (key.empty() || key.size() > 128 || value.size() > 256) return bad;
      out.tags.push_back({std::move(key), std::move(value)});
    }
  }
  if (out.tags.size() > 50)
    return errors::InvalidIdentityToken("The web identity token has more than 50 session tags");
  auto transitive = claim->value.FindMember("transitive_tag_keys");
  if (transitive != claim->value.MemberEnd()) {
    if (!transitive->value.IsArray()) return bad;
    for (const auto& key : transitive->value.GetArray()) {
      if (!key.IsString()) return bad;
      std::string k(key.GetString(), key.GetStringLength());
      const bool tagged =
          std::any_of(out.tags.begin(), out.tags.end(), [&](const auto& t) { return t.key == k; });
      if (!tagged) return bad;
      out.transitive_keys.push_back(std::move(k));
    }
  }
  return out;
}

Result<XmlNode> AssumeRoleWithWebIdentity(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  auto parts = sts::parse_role_arn(role_arn);
  if (!parts) return sts::invalid_arn(role_arn);
  ASSIGN_OR_RETURN(
      VerifiedWebIdentity id,
      verify_web_identity_token(ctx, ctx.param("WebIdentityToken"), parts->account_id));
  constexpr std::string_view kAction = "AssumeRoleWithWebIdentity";
  ASSIGN_OR_RETURN(storage::RoleRow role, federated_role(ctx, kAction));
  ASSIGN_OR_RETURN(TokenTags token_tags, token_session_tags(id));
  policy::ContextKeys keys = web_identity_keys(id, ctx.param("RoleSessionName"));
  RETURN_IF_ERROR(check_trust(ctx, role, kAction, id.provider.arn, keys));
  if (!token_tags.tags.empty()) {
    // Passing session tags also needs sts:TagSession in the trust policy, with the tags as
    // aws:RequestTag/* and aws:TagKeys.
    for (const auto& tag : token_tags.tags) {
      keys.set("aws:RequestTag/" + tag.key, tag.value);
      keys.add("aws:TagKeys", tag.key);
    }
    for (const auto& key : token_tags.transitive_keys) keys.add("sts:TransitiveTagKeys", key);
    RETURN_IF_ERROR(check_trust(ctx, role, "TagSession", id.provider.arn, keys));
  }
  int64_t packed_size = -1;
  ASSIGN_OR_RETURN(
      storage::SessionRow session,
      federated_session(ctx, role, ctx.param("RoleSessionName"), kDefaultDuration, &packed_size));
  session.tags = std::move(token_tags.tags);
  session.transitive_tag_keys = std::move(token_tags.transitive_keys);
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

// The audiences AWS accepts in an assertion for the console / STS.
bool aws_audience(std::string_view audience) {
  return audience == "https://signin.aws.amazon.com/saml" || audience == "urn:amazon:webservices" ||
         (audience.starts_with("https://") && audience.ends_with(".signin.aws.amazon.com/saml"));
}

std::string subject_type(std::string_view format) {
  constexpr std::string_view kPrefix = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
  if (format.empty()) return "unspecified";
  if (format == std::string(kPrefix) + "persistent") return "persistent";
  if (format == std::string(kPrefix) + "transient") return "transient";
  return std::string(format);
}

// AWS's NameQualifier: base64(SHA-1(issuer + account id + "/" + provider name)).
std::string name_qualifier(std::string_view issuer, std::string_view account,
                           std::string_view provider_name) {
  const std::string input =
      std::string(issuer) + std::string(account) + "/" + std::string(provider_name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha1(), nullptr);
  return federation::base64_encode(std::string_view(reinterpret_cast<char*>(digest), len));
}

// verify/enforce: the Assertion, or the Response around it, must carry a signature that one
// of the provider's metadata certificates verifies.
Status check_saml_signature(const federation::SamlResponse& response,
                            const storage::SamlProviderRow& provider) {
  auto metadata = federation::parse_saml_metadata(provider.metadata);
  std::vector<federation::RsaKey> keys;
  if (metadata)
    for (const std::string& der : metadata->signing_certificates)
      if (auto key = federation::RsaKey::from_certificate(der)) keys.push_back(std::move(*key));
  for (const federation::XmlElement* signature :
       {response.assertion_signature, response.response_signature}) {
    if (!signature) continue;
    auto check = federation::verify_enveloped_signature(*response.root, *signature, keys);
    if (check.valid &&
        (check.signed_element == response.assertion || check.signed_element == response.root.get()))
      return ok_status();
  }
  return saml_error("Response signature invalid", "AuthSamlInvalidSignatureException");
}

// Whether the assertion's Role values hold the pair "role,provider" (either order).
bool assertion_allows(const federation::SamlResponse& response, std::string_view role_arn,
                      std::string_view provider_arn) {
  for (const std::string& value : response.roles) {
    size_t comma = value.find(',');
    if (comma == std::string::npos) continue;
    std::string_view a = std::string_view(value).substr(0, comma);
    std::string_view b = std::string_view(value).substr(comma + 1);
    if ((a == role_arn && b == provider_arn) || (a == provider_arn && b == role_arn)) return true;
  }
  return false;
}

Result<XmlNode> AssumeRoleWithSAML(RequestContext& ctx) {
  constexpr std::string_view kAction = "AssumeRoleWithSAML";
  const std::string& role_arn = ctx.param("RoleArn");
  auto parts = sts::parse_role_arn(role_arn);
  if (!parts) return sts::invalid_arn(role_arn);
  auto xml = federation::base64_decode(ctx.param("SAMLAssertion"));
  if (!xml)
    return saml_error("Invalid base64 SAMLResponse", "AuthSamlInvalidSamlResponseException");
  const std::string& provider_arn = ctx.param("PrincipalArn");
  auto provider = storage::SamlProviderRepository(ctx.db).find(provider_arn);
  if (!provider || provider->account_id != parts->account_id)
    return saml_error("Specified provider doesn't exist", "AuthSamlManifestNotFoundException");
  auto response = federation::parse_saml_response(*xml);
  if (!response) return saml_error("Invalid SAML response", "AuthSamlInvalidSamlResponseException");
  if (ctx.service.config.auth_mode.verifies_saml_signatures())
    RETURN_IF_ERROR(check_saml_signature(*response, *provider));
  if (response->not_on_or_after && ctx.now >= *response->not_on_or_after)
    return errors::ExpiredTokenException(
        "Token expired: current date/time " + std::to_string(ctx.now) +
        " must be before the expiration date/time " + std::to_string(*response->not_on_or_after));
  if (response->not_before && ctx.now < *response->not_before)
    return saml_error("Assertion is not yet valid", "AuthSamlInvalidSamlResponseException");
  if (std::none_of(response->audiences.begin(), response->audiences.end(), aws_audience))
    return saml_error("Audience restriction not met", "AuthSamlInvalidSamlResponseException");
  if (!assertion_allows(*response, role_arn, provider_arn))
    return errors::AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML");
  if (!response->session_name || response->session_name->size() < 2 ||
      response->session_name->size() > 64 ||
      !matches_pattern(*response->session_name, Pattern::kSessionName))
    return saml_error("RoleSessionName is required in AuthnResponse",
                      "AuthSamlInvalidSamlResponseException");

  ASSIGN_OR_RETURN(storage::RoleRow role, federated_role(ctx, kAction));
  const std::string type = subject_type(response->name_id_format);
  const std::string qualifier = name_qualifier(response->issuer, role.account_id, provider->name);
  policy::ContextKeys keys;
  keys.set("saml:aud", response->recipient);
  keys.set("saml:sub", response->subject);
  keys.set("saml:sub_type", type);
  keys.set("saml:iss", response->issuer);
  keys.set("saml:namequalifier", qualifier);
  keys.set("aws:FederatedProvider", provider_arn);
  keys.set("sts:RoleSessionName", *response->session_name);
  RETURN_IF_ERROR(check_trust(ctx, role, kAction, provider_arn, keys));

  int64_t packed_size = -1;
  ASSIGN_OR_RETURN(
      storage::SessionRow session,
      federated_session(ctx, role, *response->session_name,
                        response->session_duration.value_or(kDefaultDuration), &packed_size));
  storage::SessionRepository(ctx.db).insert(session);
  storage::RoleRepository(ctx.db).mark_used(role.row, ctx.now, ctx.region);

  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  result.child("AssumedRoleUser")
      .text("AssumedRoleId", session.principal_id)
      .text("Arn", session.arn);
  if (packed_size >= 0) result.integer("PackedPolicySize", packed_size);
  result.text("Subject", response->subject)
      .text("SubjectType", type)
      .text("Issuer", response->issuer)
      .text("Audience", response->recipient)
      .text("NameQualifier", qualifier);
  return result;
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
          {.name = "AssumeRoleWithWebIdentity",
           .service = sts,
           .handler = AssumeRoleWithWebIdentity,
           .rules = {role_arn_rule("RoleArn"),
                     required(ParamRule{.name = "RoleSessionName",
                                        .min_length = 2,
                                        .max_length = 64,
                                        .pattern = Pattern::kSessionName}),
                     required(ParamRule{
                         .name = "WebIdentityToken", .min_length = 4, .max_length = 20000}),
                     ParamRule{.name = "ProviderId", .min_length = 4, .max_length = 2048},
                     session_policy, integer("DurationSeconds", 900, 43200)},
           .writes = true,
           .needs_signature = false,
           .resource = resource::arn("RoleArn")},
          {.name = "AssumeRoleWithSAML",
           .service = sts,
           .handler = AssumeRoleWithSAML,
           .rules = {role_arn_rule("RoleArn"), role_arn_rule("PrincipalArn"),
                     required(
                         ParamRule{.name = "SAMLAssertion", .min_length = 4, .max_length = 100000}),
                     session_policy, integer("DurationSeconds", 900, 43200)},
           .writes = true,
           .needs_signature = false,
           .resource = resource::arn("RoleArn")},
      });
}

}  // namespace localiam::api
