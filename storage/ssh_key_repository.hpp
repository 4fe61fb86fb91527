// SSH public keys of IAM users (UploadSSHPublicKey), keyed by their APKA… id. `body` is the
// key in OpenSSH form and `pem` in PEM form; lists come in key-id order, as IAM lists them.
// Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

struct SshKeyRow {
  std::string key_id, account_id;
  int64_t user_row = 0;
  std::string body, pem, fingerprint, status;
  int64_t upload_date = 0;
};

class SshKeyRepository {
 public:
  explicit SshKeyRepository(Database& db) : db_(db) {}
  std::optional<SshKeyRow> find(std::string_view key_id);
  void insert(const SshKeyRow& key);
  void set_status(std::string_view key_id, std::string_view status);
  void remove(std::string_view key_id);
  std::vector<SshKeyRow> list_for_user(int64_t user_row);
  int64_t count_for_user(int64_t user_row);

 private:
  Database& db_;
};

}  // namespace localiam::storage
