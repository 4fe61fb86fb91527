// Authenticator: turns a signed request into a Principal according to the auth mode
// (DESIGN.md, "Auth modes"). Resolves the access key (root key pair, IAM user keys, STS
// temporary keys; in `open` mode unknown keys are the account root, except keys localiam issued
// and removed since, which every mode refuses), checks session tokens and expiry, and verifies
// the SigV4 signature. Long-term keys are read through a LongTermKeyCache, which lets the root
// key and remembered keys be checked before the database lock is taken (authenticate_early).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/long_term_key_cache.hpp"
#include "auth/principal.hpp"
#include "auth/service_context.hpp"
#include "common/arn.hpp"
#include "common/http_message.hpp"
#include "common/result.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::api {

// What Authenticator::authenticate_early decided, and for how long it holds.
struct EarlyAuthentication {
  Result<Principal> result;
  // The LongTermKeyCache::generation() the answer was read at; nullopt when it needs no database
  // (the root key from the configuration, a request outside its time window).
  std::optional<uint64_t> valid_while;

  // True when the answer still holds; the caller holds the database lock.
  bool still_holds(const storage::Database& db) const {
    return !valid_while || *valid_while == LongTermKeyCache::generation(db);
  }
};

class Authenticator {
 public:
  explicit Authenticator(const ServiceContext& service) : service_(service) {}

  // `auth` was parsed from `request` by sigv4::parse_authorization.
  // Errors: SignatureDoesNotMatch, InvalidClientTokenId, ExpiredToken (and scope errors).
  // The caller holds the database lock.
  Result<Principal> authenticate(const sigv4::RequestView& request, const sigv4::ParsedAuth& auth,
                                 std::string_view service_name) const;
  // The same answer, reached without the database lock where it can be (the root key, IAM
  // users' keys the cache holds), so that signatures are checked outside the lock; nullopt
  // where authenticate() must run. The caller checks still_holds() under the lock.
  std::optional<EarlyAuthentication> authenticate_early(const sigv4::RequestView& request,
                                                        const sigv4::ParsedAuth& auth,
                                                        std::string_view service_name) const;

 private:
  Status check_time(const sigv4::ParsedAuth& auth, std::string_view service_name) const;
  Result<Principal> root_key(const sigv4::RequestView& request,
                             const sigv4::ParsedAuth& auth) const;
  static Result<Principal> long_term_key(const sigv4::RequestView& request,
                                         const sigv4::ParsedAuth& auth,
                                         const LongTermKeyCache::Entry& key);

  const ServiceContext& service_;
  mutable LongTermKeyCache keys_;  // thread-safe
};

// The root of `account_id`, its ARN in `partition`.
Principal root_principal(arn::Partition partition, std::string_view account_id,
                         std::string_view access_key_id);

}  // namespace localiam::api
