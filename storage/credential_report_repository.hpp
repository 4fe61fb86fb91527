// The account's latest credential report (the CSV text and when it was generated), and the
// per-user credential facts a report is made of, read from the users, access_keys,
// mfa_devices and signing_certificates tables. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct CredentialReportRow {
  int64_t generated = 0;
  std::string content;
};

// One credential (access key or signing certificate) of a user, as the report shows it.
struct UserCredential {
  bool active = false;
  int64_t created = 0;
  // Access keys: when, where and for which service the key was last used (if ever).
  std::optional<int64_t> last_used;
  std::string last_used_region, last_used_service;
};

struct UserCredentialFacts {
  UserRow user;
  bool mfa_active = false;
  std::vector<UserCredential> access_keys;   // oldest first
  std::vector<UserCredential> certificates;  // oldest first
};

class CredentialReportRepository {
 public:
  explicit CredentialReportRepository(Database& db) : db_(db) {}

  std::optional<CredentialReportRow> find(std::string_view account_id);
  // Stores `report` as the account's latest, replacing the previous one.
  void put(std::string_view account_id, const CredentialReportRow& report);
  // Every user of the account, by name, with what the report says about them.
  std::vector<UserCredentialFacts> user_facts(std::string_view account_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
