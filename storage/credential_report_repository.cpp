#include "storage/credential_report_repository.hpp"

namespace localiam::storage {

std::optional<CredentialReportRow> CredentialReportRepository::find(std::string_view account_id) {
  Statement s =
      db_.prepare("SELECT generated, content FROM credential_reports WHERE account_id = ?");
  s.bind(1, account_id);
  if (!s.step()) return std::nullopt;
  return CredentialReportRow{s.integer(0), s.text(1)};
}

void CredentialReportRepository::put(std::string_view account_id,
                                     const CredentialReportRow& report) {
  db_.prepare(
         "INSERT INTO credential_reports (account_id, generated, content) VALUES (?, ?, ?) "
         "ON CONFLICT(account_id) DO UPDATE SET generated = excluded.generated, "
         "content = excluded.content")
      .bind(1, account_id)
      .bind(2, report.generated)
      .bind(3, report.content)
      .run();
}

std::vector<UserCredentialFacts> CredentialReportRepository::user_facts(
    std::string_view account_id) {
  std::vector<UserCredentialFacts> out;
  {
    Statement s = db_.prepare(
        "SELECT id, account_id, name, user_id, path, create_date FROM users "
        "WHERE account_id = ? ORDER BY name");
    s.bind(1, account_id);
    while (s.step()) {
      UserCredentialFacts f;
      f.user.row = s.integer(0);
      f.user.account_id = s.text(1);
      f.user.name = s.text(2);
      f.user.user_id = s.text(3);
      f.user.path = s.text(4);
      f.user.create_date = s.integer(5);
      out.push_back(std::move(f));
    }
  }
  for (auto& f : out) {
    {
      Statement s = db_.prepare(
          "SELECT EXISTS (SELECT 1 FROM mfa_devices WHERE user_row = ? AND enable_date IS NOT "
          "NULL)");
      s.bind(1, f.user.row);
      f.mfa_active = s.step() && s.integer(0) != 0;
    }
    {
      Statement s = db_.prepare(
          "SELECT status, create_date, last_used_date, last_used_region, last_used_service "
          "FROM access_keys WHERE user_row = ? ORDER BY create_date, access_key_id");
      s.bind(1, f.user.row);
      while (s.step()) {
        UserCredential key{s.text(0) == "Active", s.integer(1), std::nullopt, "", ""};
        if (!s.is_null(2)) key.last_used = s.integer(2);
        key.last_used_region = s.optional_text(3).value_or("N/A");
        key.last_used_service = s.optional_text(4).value_or("N/A");
        f.access_keys.push_back(std::move(key));
      }
    }
    {
      Statement s = db_.prepare(
          "SELECT status, upload_date FROM signing_certificates WHERE user_row = ? "
          "ORDER BY upload_date, certificate_id");
      s.bind(1, f.user.row);
      while (s.step())
        f.certificates.push_back({s.text(0) == "Active", s.integer(1), std::nullopt, "", ""});
    }
  }
  return out;
}

}  // namespace localiam::storage
