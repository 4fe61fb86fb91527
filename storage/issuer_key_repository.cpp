#include "storage/issuer_key_repository.hpp"

namespace localiam::storage {

std::optional<IssuerKeyRow> IssuerKeyRepository::current() {
  Statement s = db_.prepare(
      "SELECT kid, private_key_pem, create_date FROM issuer_keys ORDER BY create_date DESC, kid "
      "LIMIT 1");
  if (!s.step()) return std::nullopt;
  return IssuerKeyRow{s.text(0), s.text(1), s.integer(2)};
}

void IssuerKeyRepository::insert(const IssuerKeyRow& key) {
  db_.prepare("INSERT INTO issuer_keys (kid, private_key_pem, create_date) VALUES (?,?,?)")
      .bind(1, key.kid)
      .bind(2, key.private_key_pem)
      .bind(3, key.create_date)
      .run();
}

}  // namespace localiam::storage
