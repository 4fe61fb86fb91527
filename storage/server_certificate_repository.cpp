#include "storage/server_certificate_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

#define SERVER_CERT_COLUMNS \
  "id, account_id, name, certificate_id, path, body, chain, private_key, upload_date, expiration"

ServerCertificateRow read_certificate(const Statement& s) {
  ServerCertificateRow c;
  c.row = s.integer(0);
  c.account_id = s.text(1);
  c.name = s.text(2);
  c.certificate_id = s.text(3);
  c.path = s.text(4);
  c.body = s.text(5);
  c.chain = s.optional_text(6);
  c.private_key = s.text(7);
  c.upload_date = s.integer(8);
  c.expiration = s.integer(9);
  return c;
}

}  // namespace

std::optional<ServerCertificateRow> ServerCertificateRepository::find(std::string_view account_id,
                                                                      std::string_view name) {
  Statement s = db_.prepare("SELECT " SERVER_CERT_COLUMNS
                            " FROM server_certificates WHERE account_id = ? AND name = ? "
                            "COLLATE NOCASE");
  s.bind(1, account_id).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_certificate(s);
}

void ServerCertificateRepository::insert(ServerCertificateRow& c) {
  db_.prepare(
         "INSERT INTO server_certificates (account_id, name, certificate_id, path, body, chain, "
         "private_key, upload_date, expiration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, c.account_id)
      .bind(2, c.name)
      .bind(3, c.certificate_id)
      .bind(4, c.path)
      .bind(5, c.body)
      .bind_optional(6, c.chain)
      .bind(7, c.private_key)
      .bind(8, c.upload_date)
      .bind(9, c.expiration)
      .run();
  c.row = db_.last_insert_rowid();
}

void ServerCertificateRepository::rename(int64_t row, std::string_view name,
                                         std::string_view path) {
  db_.prepare("UPDATE server_certificates SET name = ?, path = ? WHERE id = ?")
      .bind(1, name)
      .bind(2, path)
      .bind(3, row)
      .run();
}

void ServerCertificateRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM server_certificates WHERE id = ?").bind(1, row).run();
}

Page<ServerCertificateRow> ServerCertificateRepository::list(std::string_view account_id,
                                                             const ListQuery& query) {
  Statement s = db_.prepare("SELECT " SERVER_CERT_COLUMNS
                            " FROM server_certificates WHERE account_id = ?1 AND name > ?2 AND "
                            "substr(path, 1, length(?3)) = ?3 ORDER BY name LIMIT ?4");
  s.bind(1, account_id)
      .bind(2, query.after)
      .bind(3, query.path_prefix)
      .bind(4, static_cast<int64_t>(query.limit) + 1);
  return read_page<ServerCertificateRow>(s, query.limit, read_certificate);
}

int64_t ServerCertificateRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM server_certificates WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

#undef SERVER_CERT_COLUMNS

}  // namespace localiam::storage
