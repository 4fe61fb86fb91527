#include "auth/web_identity.hpp"

#include <algorithm>

#include "auth/oidc_issuer.hpp"
#include "auth/remote_issuer_keys.hpp"

namespace localiam::api {

namespace {

// AWS's documented description of InvalidIdentityToken; its wire text for a token that is not a
// JWT or whose signature fails has not been seen in a transcript.
AwsError not_valid() {
  return errors::InvalidIdentityToken(
      "The web identity token that was passed could not be validated by AWS. Get a new "
      "identity token from the identity provider and then retry the request.");
}

std::string strip_scheme(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"})
    if (url.size() >= scheme.size() && url.substr(0, scheme.size()) == scheme) {
      url.remove_prefix(scheme.size());
      break;
    }
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

}  // namespace

Result<VerifiedWebIdentity> verify_web_identity_token(RequestContext& ctx, std::string_view token,
                                                      std::string_view account_id) {
  auto jwt = federation::parse_jwt(token);
  if (!jwt) return not_valid();
  auto issuer = jwt->string_claim("iss");
  if (!issuer || issuer->empty()) return not_valid();

  VerifiedWebIdentity out;
  out.provider_resource = strip_scheme(*issuer);
  const std::string arn = arn::oidc_provider(ctx.partition, account_id, out.provider_resource);
  auto provider = storage::OidcProviderRepository(ctx.db).find(arn);
  if (!provider)
    return errors::InvalidIdentityToken("No OpenIDConnect provider found in your account for " +
                                        *issuer);

  // localiam's own key, whatever the iss; else the issuer's published key. AWS's text when it
  // cannot get an issuer's key.
  const AwsError no_key = errors::InvalidIdentityToken(
      "Couldn't retrieve verification key from your identity provider,  please reference "
      "AssumeRoleWithWebIdentity documentation for requirements");
  if (jwt->alg() != "RS256") return no_key;
  oidc::IssuerKey own = oidc::issuer_key(ctx.db, ctx.now);
  if (jwt->kid() == own.kid) {
    if (!own.key.verify(jwt->signing_input, jwt->signature)) return not_valid();
  } else {
    auto key = remote_issuer_key(*issuer, jwt->kid(), provider->thumbprints, ctx.now);
    if (!key) return no_key;
    if (!key->verify(jwt->signing_input, jwt->signature)) return not_valid();
  }

  auto expires = jwt->time_claim("exp");
  if (!expires) return not_valid();
  if (ctx.now >= *expires)
    return errors::ExpiredTokenException(
        "Token expired: current date/time " + std::to_string(ctx.now) +
        " must be before the expiration date/time " + std::to_string(*expires));
  if (auto not_before = jwt->time_claim("nbf"); not_before && ctx.now < *not_before)
    return not_valid();

  auto subject = jwt->string_claim("sub");
  if (!subject || subject->empty()) return not_valid();
  const auto& clients = provider->client_ids;
  for (const std::string& aud : jwt->audiences())
    if (std::find(clients.begin(), clients.end(), aud) != clients.end()) {
      out.audience = aud;
      break;
    }
  if (out.audience.empty()) return errors::InvalidIdentityToken("Incorrect token audience");

  out.subject = std::move(*subject);
  out.provider = std::move(*provider);
  out.jwt = std::move(*jwt);
  return out;
}

}  // namespace localiam::api
