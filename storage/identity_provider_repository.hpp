// OpenID Connect and SAML identity providers of an account, looked up by ARN (which embeds
// the account). Lists are kept in the order they were given. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

struct OidcProviderRow {
  int64_t row = 0;
  std::string account_id;
  std::string url;  // as given, e.g. https://token.actions.githubusercontent.com
  std::string arn;  // arn:aws:iam::ACCT:oidc-provider/token.actions.githubusercontent.com
  std::vector<std::string> client_ids, thumbprints;
  int64_t create_date = 0;
  // Trusted identity propagation: the ContextProvider structure as JSON (SubjectSourceKey,
  // KeyDefinitionList [{SourceKey, TargetKey}], SubjectTypeValue, SubjectTypeSourceKey), and
  // the associated IAM Identity Center instance; nullopt when not configured.
  std::optional<std::string> context_provider, identity_center_instance_arn;
};

// A private key added to a SAML provider for assertion decryption (only its id and time are
// ever shown).
struct SamlPrivateKey {
  std::string id, pem;
  int64_t timestamp = 0;
};

struct SamlProviderRow {
  int64_t row = 0;
  std::string account_id, name, arn;
  std::string uuid;      // SAMLProviderUUID
  std::string metadata;  // the metadata document as given
  int64_t valid_until = 0;
  std::optional<std::string> encryption_mode;  // Required | Allowed
  std::vector<SamlPrivateKey> private_keys;
  int64_t create_date = 0;
  // Trusted identity propagation, as for OIDC providers.
  std::optional<std::string> context_provider, identity_center_instance_arn;
};

class OidcProviderRepository {
 public:
  explicit OidcProviderRepository(Database& db) : db_(db) {}
  std::optional<OidcProviderRow> find(std::string_view arn);
  // Every provider of the account, by ARN.
  std::vector<OidcProviderRow> list(std::string_view account_id);
  int64_t count(std::string_view account_id);
  void insert(OidcProviderRow& provider);
  // Stores client_ids and thumbprints.
  void update(const OidcProviderRow& provider);
  // Stores context_provider and identity_center_instance_arn.
  void update_configuration(const OidcProviderRow& provider);
  void remove(int64_t row);

 private:
  Database& db_;
};

class SamlProviderRepository {
 public:
  explicit SamlProviderRepository(Database& db) : db_(db) {}
  std::optional<SamlProviderRow> find(std::string_view arn);
  std::vector<SamlProviderRow> list(std::string_view account_id);
  int64_t count(std::string_view account_id);
  void insert(SamlProviderRow& provider);
  // Stores metadata, valid_until, encryption_mode, private_keys, context_provider and
  // identity_center_instance_arn.
  void update(const SamlProviderRow& provider);
  void remove(int64_t row);

 private:
  Database& db_;
};

}  // namespace localiam::storage
