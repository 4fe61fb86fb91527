// Login profiles (console passwords) of IAM users, one per user, keyed by the user's row; the
// password is held only as a hash made by the caller. Every password set (create, update,
// change) is also kept in the user's password history, newest first, at most
// kPasswordHistoryDepth entries, for the password policy's reuse prevention. A user's profile and
// history go with the user. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

inline constexpr int kPasswordHistoryDepth = 24;  // PasswordReusePrevention's maximum

struct LoginProfileRow {
  int64_t user_row = 0;
  std::string account_id;
  std::string password_hash;
  bool password_reset_required = false;
  int64_t create_date = 0;
  int64_t password_last_changed = 0;
};

class LoginProfileRepository {
 public:
  explicit LoginProfileRepository(Database& db) : db_(db) {}

  std::optional<LoginProfileRow> find(int64_t user_row);
  // Inserts `profile` (the user must have none) and records its password in the history.
  void insert(const LoginProfileRow& profile);
  // Replaces the password hash, sets password_last_changed to `when`, records it in the history.
  void set_password(int64_t user_row, std::string_view password_hash, int64_t when);
  void set_reset_required(int64_t user_row, bool required);
  // False when the user had no profile. The password history stays with the user.
  bool remove(int64_t user_row);
  // Hashes of the user's last `count` passwords (the current one first).
  std::vector<std::string> recent_password_hashes(int64_t user_row, int count);

 private:
  void remember(int64_t user_row, std::string_view password_hash, int64_t when);
  Database& db_;
};

}  // namespace localiam::storage
