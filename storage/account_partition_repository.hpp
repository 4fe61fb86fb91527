// The partition each account lives in (its name: "aws", "aws-cn", …): set once, by the first
// request that stores something in the account, and never changed. Callers hold Database::lock().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

class AccountPartitionRepository {
 public:
  explicit AccountPartitionRepository(Database& db) : db_(db) {}

  // The account's partition, or nullopt when nothing has fixed it yet.
  std::optional<std::string> find(std::string_view account_id);
  // Fixes the account's partition unless it has one already (then a no-op).
  void fix(std::string_view account_id, std::string_view partition);

 private:
  Database& db_;
};

}  // namespace localiam::storage
