#include "storage/account_partition_repository.hpp"

namespace localiam::storage {

std::optional<std::string> AccountPartitionRepository::find(std::string_view account_id) {
  Statement s = db_.prepare("SELECT partition FROM account_partitions WHERE account_id = ?");
  s.bind(1, account_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void AccountPartitionRepository::fix(std::string_view account_id, std::string_view partition) {
  db_.prepare(
         "INSERT INTO account_partitions (account_id, partition) VALUES (?, ?) "
         "ON CONFLICT(account_id) DO NOTHING")
      .bind(1, account_id)
      .bind(2, partition)
      .run();
}

}  // namespace localiam::storage
