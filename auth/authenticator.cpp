#include "auth/authenticator.hpp"

#include <openssl/crypto.h>

#include <chrono>

#include "auth/action.hpp"
#include "storage/credential_repository.hpp"
#include "storage/identity_repository.hpp"

namespace localiam::api {

namespace {

constexpr const char* kInvalidKey = "The security token included in the request is invalid.";
// AWS's text for a session token that is not intact has no final period.
constexpr const char* kInvalidToken = "The security token included in the request is invalid";
constexpr const char* kExpiredToken = "The security token included in the request is expired";

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool tokens_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

int64_t real_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Principal root_principal(arn::Partition partition, std::string_view account_id,
                         std::string_view access_key_id) {
  Principal p;
  p.kind = PrincipalKind::kRoot;
  p.account_id = std::string(account_id);
  p.arn = arn::root(partition, account_id);
  p.user_id = std::string(account_id);
  p.access_key_id = std::string(access_key_id);
  return p;
}

Result<Principal> Authenticator::root_key(const sigv4::RequestView& request,
                                          const sigv4::ParsedAuth& auth) const {
  const ServiceConfig& config = service_.config;
  // A long-term key sent with a session token (a stale AWS_SESSION_TOKEN, or a token lifted from
  // another session) is refused, as AWS does. In open mode the root key works with any secret
  // and any token, as other emulators' docs teach.
  if (config.auth_mode.verifies_root_key()) {
    if (!auth.security_token.empty()) return errors::InvalidClientTokenId(kInvalidToken);
    RETURN_IF_ERROR(sigv4::verify_signature(request, auth, config.root_secret_key));
  }
  return root_principal(arn::partition_of_region(auth.region), config.default_account_id,
                        auth.access_key_id);
}

Result<Principal> Authenticator::long_term_key(const sigv4::RequestView& request,
                                               const sigv4::ParsedAuth& auth,
                                               const LongTermKeyCache::Entry& key) {
  if (!key.active) return errors::InvalidClientTokenId(kInvalidKey);
  if (!auth.security_token.empty()) return errors::InvalidClientTokenId(kInvalidToken);
  RETURN_IF_ERROR(sigv4::verify_signature(request, auth, key.secret));
  // The cache holds the user's ARN in the aws partition; the request names its own.
  const arn::Partition partition = arn::partition_of_region(auth.region);
  if (partition == arn::Partition::kAws) return key.principal;
  Principal p = key.principal;
  p.arn = arn::with_partition(p.arn, partition);
  return p;
}

Status Authenticator::check_time(const sigv4::ParsedAuth& auth,
                                 std::string_view service_name) const {
  // Skew is measured against real time, not the server clock, on purpose: clients sign
  // with their own (real) time, so moving the server clock with POST /_localiam/clock (to
  // expire credentials) must not make every freshly signed request look stale. Everything
  // else that depends on time (expiration, CreateDate, last used) reads the server clock.
  // An S3 presigned URL lives for its X-Amz-Expires (up to a week), not the 15-minute window:
  // the gateway holds it to that (gateway/forward_plan.hpp, check_presigned_expiry).
  const bool s3_presigned = auth.presigned && auth.expires >= 0 && service_name == "s3";
  return sigv4::check_scope(auth, real_now(),
                            service_.config.auth_mode.checks_clock_skew() && !s3_presigned,
                            service_name);
}

std::optional<EarlyAuthentication> Authenticator::authenticate_early(
    const sigv4::RequestView& request, const sigv4::ParsedAuth& auth,
    std::string_view service_name) const {
  if (Status s = check_time(auth, service_name); !s.ok())
    return EarlyAuthentication{s.error(), std::nullopt};
  if (auth.access_key_id == service_.config.root_access_key)
    return EarlyAuthentication{root_key(request, auth), std::nullopt};
  if (auth.access_key_id.starts_with("ASIA")) return std::nullopt;  // sessions: the database
  std::optional<LongTermKeyCache::Entry> key = keys_.peek(service_.db, auth.access_key_id);
  if (!key) return std::nullopt;
  return EarlyAuthentication{long_term_key(request, auth, *key), key->generation};
}

Result<Principal> Authenticator::authenticate(const sigv4::RequestView& request,
                                              const sigv4::ParsedAuth& auth,
                                              std::string_view service_name) const {
  const ServiceConfig& config = service_.config;
  RETURN_IF_ERROR(check_time(auth, service_name));
  const std::string& key = auth.access_key_id;
  const int64_t now = service_.clock.now_epoch_seconds();
  if (key == config.root_access_key) return root_key(request, auth);

  // Temporary keys are the only ones that start with ASIA (AssumeRole and the other STS
  // actions make them); a long-term key skips the session lookup.
  storage::SessionRepository sessions(service_.db);
  if (auto session = key.starts_with("ASIA") ? sessions.find(key) : std::nullopt) {
    if (auth.security_token.empty() || !tokens_equal(auth.security_token, session->session_token))
      return errors::InvalidClientTokenId(kInvalidToken);
    if (now >= session->expiration) return errors::ExpiredToken(kExpiredToken);
    RETURN_IF_ERROR(sigv4::verify_signature(request, auth, session->secret));
    Principal p;
    p.account_id = session->account_id;
    p.arn = session->arn;
    p.user_id = session->principal_id;
    p.access_key_id = key;
    p.temporary = true;
    if (session->kind == "assumed-role") {
      p.kind = PrincipalKind::kAssumedRole;
      p.name = session->role_name.value_or("");
      p.session_name = session->session_name.value_or("");
    } else if (session->kind == "federated-user") {
      p.kind = PrincipalKind::kFederatedUser;
      p.name = session->session_name.value_or("");
    } else if (session->kind == "root") {
      p.kind = PrincipalKind::kRoot;
    } else {
      p.kind = PrincipalKind::kUser;
      p.name = session->role_name.value_or("");
    }
    // GetSessionToken credentials without MFA, and GetFederationToken credentials, cannot
    // call IAM; AWS answers as for a token it does not accept (confirmed for GetSessionToken,
    // assumed to be the same for federated users).
    const bool token_session = session->kind == "user" || session->kind == "root";
    if (service_from_name(service_name) == Service::kIam &&
        ((token_session && !session->mfa_authenticated) || session->kind == "federated-user"))
      return errors::InvalidClientTokenId(kInvalidToken);
    return p;
  }

  if (std::optional<LongTermKeyCache::Entry> entry = keys_.find(service_.db, key))
    return long_term_key(request, auth, *entry);

  if (config.auth_mode.refuses_unknown_keys()) return errors::InvalidClientTokenId(kInvalidKey);
  // Open mode: a key localiam issued and removed since is refused as on AWS, in any mode.
  if (storage::AccessKeyRepository(service_.db).retired(key))
    return errors::InvalidClientTokenId(kInvalidKey);
  // Otherwise an unknown key is the root of an account; a 12-digit key names the account.
  return root_principal(arn::partition_of_region(auth.region),
                        is_account_id(key) ? key : config.default_account_id, key);
}

}  // namespace localiam::api
