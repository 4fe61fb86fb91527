#include "storage/login_profile_repository.hpp"

namespace localiam::storage {

std::optional<LoginProfileRow> LoginProfileRepository::find(int64_t user_row) {
  Statement s = db_.prepare(
      "SELECT user_row, account_id, password_hash, password_reset_required, create_date, "
      "password_last_changed FROM login_profiles WHERE user_row = ?");
  s.bind(1, user_row);
  if (!s.step()) return std::nullopt;
  return LoginProfileRow{s.integer(0),      s.text(1),    s.text(2),
                         s.integer(3) != 0, s.integer(4), s.integer(5)};
}

void LoginProfileRepository::insert(const LoginProfileRow& profile) {
  db_.prepare(
         "INSERT INTO login_profiles (user_row, account_id, password_hash, "
         "password_reset_required, create_date, password_last_changed) VALUES (?,?,?,?,?,?)")
      .bind(1, profile.user_row)
      .bind(2, profile.account_id)
      .bind(3, profile.password_hash)
      .bind(4, int64_t{profile.password_reset_required})
      .bind(5, profile.create_date)
      .bind(6, profile.password_last_changed)
      .run();
  remember(profile.user_row, profile.password_hash, profile.password_last_changed);
}

void LoginProfileRepository::set_password(int64_t user_row, std::string_view password_hash,
                                          int64_t when) {
  db_.prepare(
         "UPDATE login_profiles SET password_hash = ?, password_last_changed = ? "
         "WHERE user_row = ?")
      .bind(1, password_hash)
      .bind(2, when)
      .bind(3, user_row)
      .run();
  remember(user_row, password_hash, when);
}

void LoginProfileRepository::set_reset_required(int64_t user_row, bool required) {
  db_.prepare("UPDATE login_profiles SET password_reset_required = ? WHERE user_row = ?")
      .bind(1, int64_t{required})
      .bind(2, user_row)
      .run();
}

bool LoginProfileRepository::remove(int64_t user_row) {
  db_.prepare("DELETE FROM login_profiles WHERE user_row = ?").bind(1, user_row).run();
  return db_.changes() > 0;
}

std::vector<std::string> LoginProfileRepository::recent_password_hashes(int64_t user_row,
                                                                        int count) {
  Statement s = db_.prepare(
      "SELECT password_hash FROM password_history WHERE user_row = ? ORDER BY id DESC LIMIT ?");
  s.bind(1, user_row);
  s.bind(2, int64_t{count});
  std::vector<std::string> hashes;
  while (s.step()) hashes.push_back(s.text(0));
  return hashes;
}

void LoginProfileRepository::remember(int64_t user_row, std::string_view password_hash,
                                      int64_t when) {
  db_.prepare("INSERT INTO password_history (user_row, password_hash, set_date) VALUES (?,?,?)")
      .bind(1, user_row)
      .bind(2, password_hash)
      .bind(3, when)
      .run();
  db_.prepare(
         "DELETE FROM password_history WHERE user_row = ? AND id NOT IN (SELECT id FROM "
         "password_history WHERE user_row = ? ORDER BY id DESC LIMIT ?)")
      .bind(1, user_row)
      .bind(2, user_row)
      .bind(3, int64_t{kPasswordHistoryDepth})
      .run();
}

}  // namespace localiam::storage
