#include "storage/signing_certificate_repository.hpp"

namespace localiam::storage {

namespace {

#define CERT_COLUMNS "certificate_id, account_id, user_row, body, fingerprint, status, upload_date"

SigningCertificateRow read_certificate(const Statement& s) {
  return SigningCertificateRow{s.text(0), s.text(1), s.integer(2), s.text(3),
                               s.text(4), s.text(5), s.integer(6)};
}

}  // namespace

std::optional<SigningCertificateRow> SigningCertificateRepository::find(
    std::string_view certificate_id) {
  Statement s =
      db_.prepare("SELECT " CERT_COLUMNS " FROM signing_certificates WHERE certificate_id = ?");
  s.bind(1, certificate_id);
  if (!s.step()) return std::nullopt;
  return read_certificate(s);
}

bool SigningCertificateRepository::has_fingerprint(std::string_view account_id,
                                                   std::string_view fingerprint) {
  Statement s =
      db_.prepare("SELECT 1 FROM signing_certificates WHERE account_id = ? AND fingerprint = ?");
  s.bind(1, account_id).bind(2, fingerprint);
  return s.step();
}

void SigningCertificateRepository::insert(const SigningCertificateRow& c) {
  db_.prepare("INSERT INTO signing_certificates (" CERT_COLUMNS ") VALUES (?,?,?,?,?,?,?)")
      .bind(1, c.certificate_id)
      .bind(2, c.account_id)
      .bind(3, c.user_row)
      .bind(4, c.body)
      .bind(5, c.fingerprint)
      .bind(6, c.status)
      .bind(7, c.upload_date)
      .run();
}

void SigningCertificateRepository::set_status(std::string_view certificate_id,
                                              std::string_view status) {
  db_.prepare("UPDATE signing_certificates SET status = ? WHERE certificate_id = ?")
      .bind(1, status)
      .bind(2, certificate_id)
      .run();
}

void SigningCertificateRepository::remove(std::string_view certificate_id) {
  db_.prepare("DELETE FROM signing_certificates WHERE certificate_id = ?")
      .bind(1, certificate_id)
      .run();
}

std::vector<SigningCertificateRow> SigningCertificateRepository::list_for_user(int64_t user_row) {
  Statement s =
      db_.prepare("SELECT " CERT_COLUMNS
                  " FROM signing_certificates WHERE user_row = ? ORDER BY certificate_id");
  s.bind(1, user_row);
  std::vector<SigningCertificateRow> out;
  while (s.step()) out.push_back(read_certificate(s));
  return out;
}

int64_t SigningCertificateRepository::count_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT count(*) FROM signing_certificates WHERE user_row = ?");
  s.bind(1, user_row);
  s.step();
  return s.integer(0);
}

#undef CERT_COLUMNS

}  // namespace localiam::storage
