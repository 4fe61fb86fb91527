// Verification of a web identity token (AssumeRoleWithWebIdentity) as STS does it: a JWT whose
// issuer is an OpenID Connect provider registered in the role's account, signed by that issuer
// (localiam's own issuer key, whatever the `iss`; otherwise the key the issuer publishes in its
// JWKS, fetched over HTTPS: auth/remote_issuer_keys), not expired on the server clock, not before
// its nbf, and with an audience among the provider's client IDs. Errors carry AWS's codes and
// texts.
#pragma once

#include <string>
#include <string_view>

#include "auth/action.hpp"
#include "federation/jwt.hpp"
#include "storage/identity_provider_repository.hpp"

namespace localiam::api {

struct VerifiedWebIdentity {
  federation::Jwt jwt;
  storage::OidcProviderRow provider;
  std::string provider_resource;  // the ARN's part after oidc-provider/ (the iss without scheme)
  std::string subject;            // sub
  std::string audience;           // the aud that matched a client ID
};

// InvalidIdentityToken (malformed token, unknown issuer "No OpenIDConnect provider found in your
// account for {iss}", unverifiable key, bad signature, "Incorrect token audience"),
// ExpiredTokenException ("Token expired: current date/time {now} must be before the expiration
// date/time {exp}").
Result<VerifiedWebIdentity> verify_web_identity_token(RequestContext& ctx, std::string_view token,
                                                      std::string_view account_id);

}  // namespace localiam::api
