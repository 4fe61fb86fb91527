#include "storage/password_policy_repository.hpp"

namespace localiam::storage {

namespace {

std::optional<int64_t> optional_integer(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.integer(column);
}

void bind_optional_integer(Statement& s, int index, const std::optional<int64_t>& value) {
  if (value)
    s.bind(index, *value);
  else
    s.bind_null(index);
}

}  // namespace

std::optional<PasswordPolicyRow> PasswordPolicyRepository::find(std::string_view account_id) {
  Statement s = db_.prepare(
      "SELECT minimum_length, require_symbols, require_numbers, require_uppercase, "
      "require_lowercase, allow_users_to_change, max_age, reuse_prevention, hard_expiry "
      "FROM password_policies WHERE account_id = ?");
  s.bind(1, account_id);
  if (!s.step()) return std::nullopt;
  PasswordPolicyRow p;
  p.minimum_length = s.integer(0);
  p.require_symbols = s.integer(1) != 0;
  p.require_numbers = s.integer(2) != 0;
  p.require_uppercase = s.integer(3) != 0;
  p.require_lowercase = s.integer(4) != 0;
  p.allow_users_to_change = s.integer(5) != 0;
  p.max_age = optional_integer(s, 6);
  p.reuse_prevention = optional_integer(s, 7);
  if (auto hard = optional_integer(s, 8)) p.hard_expiry = *hard != 0;
  return p;
}

void PasswordPolicyRepository::put(std::string_view account_id, const PasswordPolicyRow& p) {
  Statement s = db_.prepare(
      "INSERT OR REPLACE INTO password_policies (account_id, minimum_length, require_symbols, "
      "require_numbers, require_uppercase, require_lowercase, allow_users_to_change, max_age, "
      "reuse_prevention, hard_expiry) VALUES (?,?,?,?,?,?,?,?,?,?)");
  s.bind(1, account_id)
      .bind(2, p.minimum_length)
      .bind(3, int64_t{p.require_symbols})
      .bind(4, int64_t{p.require_numbers})
      .bind(5, int64_t{p.require_uppercase})
      .bind(6, int64_t{p.require_lowercase})
      .bind(7, int64_t{p.allow_users_to_change});
  bind_optional_integer(s, 8, p.max_age);
  bind_optional_integer(s, 9, p.reuse_prevention);
  bind_optional_integer(s, 10,
                        p.hard_expiry ? std::optional<int64_t>(*p.hard_expiry) : std::nullopt);
  s.run();
}

bool PasswordPolicyRepository::remove(std::string_view account_id) {
  db_.prepare("DELETE FROM password_policies WHERE account_id = ?").bind(1, account_id).run();
  return db_.changes() > 0;
}

}  // namespace localiam::storage
