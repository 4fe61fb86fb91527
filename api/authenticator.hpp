// Authenticator: turns a signed request into a Principal according to the auth mode
// (DESIGN.md, "Auth modes"). Resolves the access key (root key pair, IAM user keys, STS
// temporary keys; in `open` mode unknown keys are the account root), checks session tokens
// and expiry, and verifies the SigV4 signature. Long-term keys are read through a
// LongTermKeyCache. Callers hold the database lock.
#pragma once

#include <string_view>

#include "api/long_term_key_cache.hpp"
#include "api/principal.hpp"
#include "api/service_context.hpp"
#include "common/http_message.hpp"
#include "common/result.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::api {

class Authenticator {
 public:
  explicit Authenticator(const ServiceContext& service) : service_(service) {}

  // `auth` was parsed from `request` by sigv4::parse_authorization.
  // Errors: SignatureDoesNotMatch, InvalidClientTokenId, ExpiredToken (and scope errors).
  Result<Principal> authenticate(const sigv4::RequestView& request, const sigv4::ParsedAuth& auth,
                                 std::string_view service_name) const;

 private:
  const ServiceContext& service_;
  mutable LongTermKeyCache keys_;  // guarded by the database lock
};

// ARN helpers shared with handlers.
std::string root_arn(std::string_view account_id);
std::string user_arn(std::string_view account_id, std::string_view path, std::string_view name);
Principal root_principal(std::string_view account_id, std::string_view access_key_id);

}  // namespace localiam::api
