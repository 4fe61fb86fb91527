// Account properties (IAM PutAccountProperties / GetAccountProperties): one value per
// "Namespace/PropertyName" key and account. Callers hold Database::lock().
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace localiam::storage {

class AccountPropertyRepository {
 public:
  explicit AccountPropertyRepository(Database& db) : db_(db) {}
  // The account's stored properties, by key; empty when it never set any.
  std::vector<std::pair<std::string, std::string>> list(std::string_view account_id);
  // Sets `name` to `value`, replacing any earlier value.
  void put(std::string_view account_id, std::string_view name, std::string_view value);

 private:
  Database& db_;
};

}  // namespace localiam::storage
