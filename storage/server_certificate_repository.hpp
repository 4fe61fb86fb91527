// Server certificates of an account (UploadServerCertificate and friends): lookup by name
// (case-insensitive, as the unique index compares names), insert, rename/move, delete,
// keyset-paged lists by path prefix in name order, and the count for the account quota. The
// private key is stored but no IAM action gives it back. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct ServerCertificateRow {
  int64_t row = 0;
  std::string account_id, name, certificate_id, path, body;
  std::optional<std::string> chain;
  std::string private_key;
  int64_t upload_date = 0;
  int64_t expiration = 0;  // the certificate's notAfter, epoch seconds
};

class ServerCertificateRepository {
 public:
  explicit ServerCertificateRepository(Database& db) : db_(db) {}
  std::optional<ServerCertificateRow> find(std::string_view account_id, std::string_view name);
  // Inserts and fills certificate.row. The caller has checked that the name is free.
  void insert(ServerCertificateRow& certificate);
  // Gives the certificate a new name and path. The caller has checked that the name is free.
  void rename(int64_t row, std::string_view name, std::string_view path);
  void remove(int64_t row);
  Page<ServerCertificateRow> list(std::string_view account_id, const ListQuery& query);
  int64_t count(std::string_view account_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
