// The account alias: at most one per account, and a name held by one account at most (AWS
// aliases are unique across accounts). Callers hold Database::lock().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

class AccountAliasRepository {
 public:
  explicit AccountAliasRepository(Database& db) : db_(db) {}

  // The account's alias, or nullopt when it has none.
  std::optional<std::string> find(std::string_view account_id);
  // The account that holds `alias`, or nullopt.
  std::optional<std::string> owner(std::string_view alias);
  // Sets the account's alias, replacing the one it had. The caller has checked that no other
  // account holds `alias`.
  void set(std::string_view account_id, std::string_view alias);
  // Removes the account's alias (no-op when it has none).
  void remove(std::string_view account_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
