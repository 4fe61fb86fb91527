#include "storage/account_alias_repository.hpp"

namespace localiam::storage {

std::optional<std::string> AccountAliasRepository::find(std::string_view account_id) {
  Statement s = db_.prepare("SELECT alias FROM account_aliases WHERE account_id = ?");
  s.bind(1, account_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::optional<std::string> AccountAliasRepository::owner(std::string_view alias) {
  Statement s = db_.prepare("SELECT account_id FROM account_aliases WHERE alias = ?");
  s.bind(1, alias);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void AccountAliasRepository::set(std::string_view account_id, std::string_view alias) {
  db_.prepare(
         "INSERT INTO account_aliases (account_id, alias) VALUES (?, ?) "
         "ON CONFLICT(account_id) DO UPDATE SET alias = excluded.alias")
      .bind(1, account_id)
      .bind(2, alias)
      .run();
}

void AccountAliasRepository::remove(std::string_view account_id) {
  db_.prepare("DELETE FROM account_aliases WHERE account_id = ?").bind(1, account_id).run();
}

}  // namespace localiam::storage
