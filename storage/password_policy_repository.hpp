// Each account's password policy (UpdateAccountPasswordPolicy), at most one per account.
// Optional members are absent when the request did not give them, as GetAccountPasswordPolicy
// then omits them. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

struct PasswordPolicyRow {
  int64_t minimum_length = 6;
  bool require_symbols = false;
  bool require_numbers = false;
  bool require_uppercase = false;
  bool require_lowercase = false;
  bool allow_users_to_change = false;
  std::optional<int64_t> max_age;           // days
  std::optional<int64_t> reuse_prevention;  // passwords
  std::optional<bool> hard_expiry;
};

class PasswordPolicyRepository {
 public:
  explicit PasswordPolicyRepository(Database& db) : db_(db) {}

  std::optional<PasswordPolicyRow> find(std::string_view account_id);
  // Sets the account's policy, replacing any previous one.
  void put(std::string_view account_id, const PasswordPolicyRow& policy);
  // False when the account had no policy.
  bool remove(std::string_view account_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
