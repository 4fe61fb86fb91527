#include "storage/service_credential_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

#define CREDENTIAL_SELECT                                                                   \
  "SELECT c.credential_id, c.account_id, c.user_row, c.service_name, c.service_user_name, " \
  "c.service_password, c.credential_alias, c.credential_secret, c.status, c.create_date, "  \
  "c.expiration_date, u.name FROM service_credentials c JOIN users u ON u.id = c.user_row "

ServiceCredentialRow read_credential(const Statement& s) {
  ServiceCredentialRow c;
  c.credential_id = s.text(0);
  c.account_id = s.text(1);
  c.user_row = s.integer(2);
  c.service_name = s.text(3);
  c.service_user_name = s.optional_text(4);
  c.service_password = s.optional_text(5);
  c.credential_alias = s.optional_text(6);
  c.credential_secret = s.optional_text(7);
  c.status = s.text(8);
  c.create_date = s.integer(9);
  if (!s.is_null(10)) c.expiration_date = s.integer(10);
  c.user_name = s.text(11);
  return c;
}

}  // namespace

std::optional<ServiceCredentialRow> ServiceCredentialRepository::find(
    std::string_view credential_id) {
  Statement s = db_.prepare(CREDENTIAL_SELECT "WHERE c.credential_id = ?");
  s.bind(1, credential_id);
  if (!s.step()) return std::nullopt;
  return read_credential(s);
}

void ServiceCredentialRepository::insert(const ServiceCredentialRow& c) {
  Statement s = db_.prepare(
      "INSERT INTO service_credentials (credential_id, account_id, user_row, service_name, "
      "service_user_name, service_password, credential_alias, credential_secret, status, "
      "create_date, expiration_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, c.credential_id)
      .bind(2, c.account_id)
      .bind(3, c.user_row)
      .bind(4, c.service_name)
      .bind_optional(5, c.service_user_name)
      .bind_optional(6, c.service_password)
      .bind_optional(7, c.credential_alias)
      .bind_optional(8, c.credential_secret)
      .bind(9, c.status)
      .bind(10, c.create_date);
  if (c.expiration_date)
    s.bind(11, *c.expiration_date);
  else
    s.bind_null(11);
  s.run();
}

void ServiceCredentialRepository::set_status(std::string_view credential_id,
                                             std::string_view status) {
  db_.prepare("UPDATE service_credentials SET status = ? WHERE credential_id = ?")
      .bind(1, status)
      .bind(2, credential_id)
      .run();
}

void ServiceCredentialRepository::set_secrets(std::string_view credential_id,
                                              const std::optional<std::string>& password,
                                              const std::optional<std::string>& secret) {
  db_.prepare(
         "UPDATE service_credentials SET service_password = ?, credential_secret = ? "
         "WHERE credential_id = ?")
      .bind_optional(1, password)
      .bind_optional(2, secret)
      .bind(3, credential_id)
      .run();
}

void ServiceCredentialRepository::remove(std::string_view credential_id) {
  db_.prepare("DELETE FROM service_credentials WHERE credential_id = ?")
      .bind(1, credential_id)
      .run();
}

Page<ServiceCredentialRow> ServiceCredentialRepository::list(const ServiceCredentialQuery& q) {
  Statement s = db_.prepare(CREDENTIAL_SELECT
                            "WHERE c.account_id = ?1 AND (?2 IS NULL OR c.user_row = ?2) AND "
                            "(?3 IS NULL OR c.service_name = ?3) AND c.credential_id > ?4 "
                            "ORDER BY c.credential_id LIMIT ?5");
  s.bind(1, q.account_id);
  if (q.user_row)
    s.bind(2, *q.user_row);
  else
    s.bind_null(2);
  if (q.service)
    s.bind(3, *q.service);
  else
    s.bind_null(3);
  s.bind(4, q.after).bind(5, static_cast<int64_t>(q.limit) + 1);
  return read_page<ServiceCredentialRow>(s, q.limit, read_credential);
}

int64_t ServiceCredentialRepository::count_for_user(int64_t user_row,
                                                    std::optional<std::string_view> service) {
  Statement s = db_.prepare(
      "SELECT count(*) FROM service_credentials WHERE user_row = ?1 AND "
      "(?2 IS NULL OR service_name = ?2)");
  s.bind(1, user_row);
  if (service)
    s.bind(2, *service);
  else
    s.bind_null(2);
  s.step();
  return s.integer(0);
}

#undef CREDENTIAL_SELECT

}  // namespace localiam::storage
