// Service-specific credentials of IAM users (CodeCommit/Keyspaces user name and password,
// Bedrock/CloudWatch Logs API keys), keyed by their ACCA… id. Lists come in id order, keyset
// paged, each row with its user's name. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct ServiceCredentialRow {
  std::string credential_id, account_id;
  int64_t user_row = 0;
  std::string service_name;
  std::optional<std::string> service_user_name, service_password;  // password-style services
  std::optional<std::string> credential_alias, credential_secret;  // API-key-style services
  std::string status;
  int64_t create_date = 0;
  std::optional<int64_t> expiration_date;
  std::string user_name;  // read from users, not stored with the credential
};

struct ServiceCredentialQuery {
  std::string_view account_id;
  std::optional<int64_t> user_row;          // nullopt: every user of the account
  std::optional<std::string_view> service;  // nullopt: every service
  std::string_view after;                   // ids strictly after this one ("" = from the start)
  int limit = 100;
};

class ServiceCredentialRepository {
 public:
  explicit ServiceCredentialRepository(Database& db) : db_(db) {}
  std::optional<ServiceCredentialRow> find(std::string_view credential_id);
  void insert(const ServiceCredentialRow& credential);
  void set_status(std::string_view credential_id, std::string_view status);
  // Replaces the generated password and API key secret (either may be absent).
  void set_secrets(std::string_view credential_id, const std::optional<std::string>& password,
                   const std::optional<std::string>& secret);
  void remove(std::string_view credential_id);
  Page<ServiceCredentialRow> list(const ServiceCredentialQuery& query);
  int64_t count_for_user(int64_t user_row, std::optional<std::string_view> service = {});

 private:
  Database& db_;
};

}  // namespace localiam::storage
