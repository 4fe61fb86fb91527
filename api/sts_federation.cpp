// STS: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, the two unsigned actions. localiam
// has no OpenID Connect or SAML providers yet, so both answer as AWS does for an account
// where none is registered, after checking the token is well formed.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "api/action_rows.hpp"
#include "api/param_presets.hpp"
#include "api/sts_support.hpp"
#include "common/random_ids.hpp"

namespace localiam::api {

namespace {

int base64_value(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Standard base64 (padding required) or base64url (padding optional); nullopt if malformed.
std::optional<std::string> decode_base64(std::string_view text, bool url) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = base64_value(c, url);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// The `iss` claim of a JWT (header.payload.signature, both JSON objects), or nullopt when
// the token is not a decodable JWT with an issuer.
std::optional<std::string> jwt_issuer(std::string_view token) {
  size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return std::nullopt;
  auto header = decode_base64(token.substr(0, first), true);
  auto payload = decode_base64(token.substr(first + 1, second - first - 1), true);
  if (!header || !payload) return std::nullopt;
  rapidjson::Document h, p;
  h.Parse(header->data(), header->size());
  p.Parse(payload->data(), payload->size());
  if (h.HasParseError() || !h.IsObject() || p.HasParseError() || !p.IsObject()) return std::nullopt;
  auto iss = p.FindMember("iss");
  if (iss == p.MemberEnd() || !iss->value.IsString() || iss->value.GetStringLength() == 0)
    return std::nullopt;
  return std::string(iss->value.GetString(), iss->value.GetStringLength());
}

Result<XmlNode> AssumeRoleWithWebIdentity(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  if (!sts::parse_role_arn(role_arn)) return sts::invalid_arn(role_arn);
  auto issuer = jwt_issuer(ctx.param("WebIdentityToken"));
  // AWS's text for a token that is not a JWT was not found in any transcript; this is the
  // error's documented description.
  if (!issuer)
    return errors::InvalidIdentityToken(
        "The web identity token that was passed could not be validated by AWS. Get a new "
        "identity token from the identity provider and then retry the request.");
  return errors::InvalidIdentityToken("No OpenIDConnect provider found in your account for " +
                                      *issuer);
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
  std::string assertion;
  for (char c : ctx.param("SAMLAssertion"))
    if (c != '\r' && c != '\n' && c != ' ' && c != '\t') assertion.push_back(c);
  if (assertion.size() % 4 != 0 || !decode_base64(assertion, false))
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
