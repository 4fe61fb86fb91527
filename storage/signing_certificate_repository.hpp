// X.509 signing certificates of IAM users, keyed by their 24-character certificate id.
// `fingerprint` (SHA-256 of the DER form) finds the same certificate uploaded again anywhere in
// the account. Lists come in certificate-id order. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

struct SigningCertificateRow {
  std::string certificate_id, account_id;
  int64_t user_row = 0;
  std::string body, fingerprint, status;
  int64_t upload_date = 0;
};

class SigningCertificateRepository {
 public:
  explicit SigningCertificateRepository(Database& db) : db_(db) {}
  std::optional<SigningCertificateRow> find(std::string_view certificate_id);
  // Whether a certificate with this fingerprint belongs to any user of the account.
  bool has_fingerprint(std::string_view account_id, std::string_view fingerprint);
  void insert(const SigningCertificateRow& certificate);
  void set_status(std::string_view certificate_id, std::string_view status);
  void remove(std::string_view certificate_id);
  std::vector<SigningCertificateRow> list_for_user(int64_t user_row);
  int64_t count_for_user(int64_t user_row);

 private:
  Database& db_;
};

}  // namespace localiam::storage
