#include "storage/account_property_repository.hpp"

namespace localiam::storage {

std::vector<std::pair<std::string, std::string>> AccountPropertyRepository::list(
    std::string_view account_id) {
  Statement s =
      db_.prepare("SELECT name, value FROM account_properties WHERE account_id = ? ORDER BY name");
  s.bind(1, account_id);
  std::vector<std::pair<std::string, std::string>> rows;
  while (s.step()) rows.emplace_back(s.text(0), s.text(1));
  return rows;
}

void AccountPropertyRepository::put(std::string_view account_id, std::string_view name,
                                    std::string_view value) {
  db_.prepare(
         "INSERT INTO account_properties (account_id, name, value) VALUES (?,?,?) "
         "ON CONFLICT(account_id, name) DO UPDATE SET value = excluded.value")
      .bind(1, account_id)
      .bind(2, name)
      .bind(3, value)
      .run();
}

}  // namespace localiam::storage
