// The signing keys of localiam's own OpenID Connect issuer, kept in the data file so that tokens
// minted before a restart still verify. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

struct IssuerKeyRow {
  std::string kid, private_key_pem;
  int64_t create_date = 0;
};

class IssuerKeyRepository {
 public:
  explicit IssuerKeyRepository(Database& db) : db_(db) {}
  // The newest key, or nullopt when none was made yet.
  std::optional<IssuerKeyRow> current();
  void insert(const IssuerKeyRow& key);

 private:
  Database& db_;
};

}  // namespace localiam::storage
