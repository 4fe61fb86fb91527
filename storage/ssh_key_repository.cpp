#include "storage/ssh_key_repository.hpp"

namespace localiam::storage {

namespace {

#define SSH_COLUMNS "key_id, account_id, user_row, body, pem, fingerprint, status, upload_date"

SshKeyRow read_key(const Statement& s) {
  return SshKeyRow{s.text(0), s.text(1), s.integer(2), s.text(3),
                   s.text(4), s.text(5), s.text(6),    s.integer(7)};
}

}  // namespace

std::optional<SshKeyRow> SshKeyRepository::find(std::string_view key_id) {
  Statement s = db_.prepare("SELECT " SSH_COLUMNS " FROM ssh_public_keys WHERE key_id = ?");
  s.bind(1, key_id);
  if (!s.step()) return std::nullopt;
  return read_key(s);
}

void SshKeyRepository::insert(const SshKeyRow& key) {
  db_.prepare("INSERT INTO ssh_public_keys (" SSH_COLUMNS ") VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, key.key_id)
      .bind(2, key.account_id)
      .bind(3, key.user_row)
      .bind(4, key.body)
      .bind(5, key.pem)
      .bind(6, key.fingerprint)
      .bind(7, key.status)
      .bind(8, key.upload_date)
      .run();
}

void SshKeyRepository::set_status(std::string_view key_id, std::string_view status) {
  db_.prepare("UPDATE ssh_public_keys SET status = ? WHERE key_id = ?")
      .bind(1, status)
      .bind(2, key_id)
      .run();
}

void SshKeyRepository::remove(std::string_view key_id) {
  db_.prepare("DELETE FROM ssh_public_keys WHERE key_id = ?").bind(1, key_id).run();
}

std::vector<SshKeyRow> SshKeyRepository::list_for_user(int64_t user_row) {
  Statement s =
      db_.prepare("SELECT " SSH_COLUMNS " FROM ssh_public_keys WHERE user_row = ? ORDER BY key_id");
  s.bind(1, user_row);
  std::vector<SshKeyRow> keys;
  while (s.step()) keys.push_back(read_key(s));
  return keys;
}

int64_t SshKeyRepository::count_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT count(*) FROM ssh_public_keys WHERE user_row = ?");
  s.bind(1, user_row);
  s.step();
  return s.integer(0);
}

#undef SSH_COLUMNS

}  // namespace localiam::storage
