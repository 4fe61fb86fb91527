// Credential report: GenerateCredentialReport and GetCredentialReport. A report is made at
// once when none exists or the latest is more than four hours old (State STARTED); asked
// again within four hours, IAM answers COMPLETE and keeps the report it has. The CSV has
// AWS's columns in AWS's order, a <root_account> row first, and AWS's words for missing
// values (N/A, no_information, not_supported). Times follow the server clock.
#include <array>
#include <string>

#include "common/clock.hpp"
#include "credentials/base32.hpp"
#include "iam/iam_actions.hpp"
#include "storage/access_advisor_repository.hpp"
#include "storage/credential_report_repository.hpp"
#include "storage/login_profile_repository.hpp"
#include "storage/password_policy_repository.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kReportLifetime = 4 * 3600;

constexpr const char* kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

// "2024-05-01T09:30:00+00:00", as the report writes times.
std::string report_time(int64_t epoch_seconds) {
  std::string t = format_iso8601(epoch_seconds);
  if (!t.empty() && t.back() == 'Z') t.replace(t.size() - 1, 1, "+00:00");
  return t;
}

const char* flag(bool b) { return b ? "true" : "false"; }

// The root's creation time as an earlier report gave it, so that it stays the same from one
// report to the next; the first report takes its own generation time.
std::string root_creation_time(const std::optional<storage::CredentialReportRow>& previous,
                               int64_t now) {
  if (previous) {
    // Line 2 is the <root_account> row; its third field is user_creation_time.
    size_t line = previous->content.find('\n');
    if (line != std::string::npos) {
      size_t a = previous->content.find(',', line + 1);
      size_t b = a == std::string::npos ? a : previous->content.find(',', a + 1);
      size_t c = b == std::string::npos ? b : previous->content.find(',', b + 1);
      if (c != std::string::npos) return previous->content.substr(b + 1, c - b - 1);
    }
  }
  return report_time(now);
}

// A key's last-used date, region and service columns; N/A for a key never used, as AWS writes it.
void add_last_used(std::string& row, const storage::UserCredential& key) {
  if (!key.last_used) {
    row += ",N/A,N/A,N/A";
    return;
  }
  row.append(",")
      .append(report_time(*key.last_used))
      .append(",")
      .append(key.last_used_region)
      .append(",")
      .append(key.last_used_service);
}

// The access-key and certificate columns of one row (two keys, then two certificates). A key
// that was never used has N/A for its last use, as AWS writes it.
void add_credentials(std::string& row, const std::vector<storage::UserCredential>& keys,
                     const std::vector<storage::UserCredential>& certs) {
  for (size_t i = 0; i < 2; ++i) {
    if (i >= keys.size()) {
      row += ",false,N/A,N/A,N/A,N/A";
      continue;
    }
    const auto& k = keys[i];
    row += std::string(",") + flag(k.active) + "," + report_time(k.created);
    add_last_used(row, k);
  }
  for (size_t i = 0; i < 2; ++i) {
    if (i < certs.size())
      row += std::string(",") + flag(certs[i].active) + "," + report_time(certs[i].created);
    else
      row += ",false,N/A";
  }
}

// The password columns of a user's row: enabled, last used (never recorded: no console
// sign-in happens here), last changed, and the next rotation the policy's MaxPasswordAge asks
// for (N/A without one). N/A throughout for a user without a password.
void add_password(std::string& row, const std::optional<storage::LoginProfileRow>& profile,
                  std::optional<int64_t> max_age_days) {
  if (!profile) {
    row += ",false,N/A,N/A,N/A";
    return;
  }
  row += ",true,no_information," + report_time(profile->password_last_changed) + ",";
  row += max_age_days ? report_time(profile->password_last_changed + *max_age_days * 86400)
                      : std::string("N/A");
}

std::string make_report(RequestContext& ctx, const std::string& root_created) {
  const std::string& account = ctx.account();
  std::string csv = kHeader;
  // The account root: it has no console password here, no MFA device, and the access key
  // pair localiam is configured with, whose last use is the root's last recorded call.
  csv += "\n<root_account>," + arn::root(ctx.partition, account) + "," + root_created +
         ",not_supported,no_information,not_supported,not_supported,false";
  storage::UserCredential root_key{true, 0, std::nullopt, "", ""};
  for (const auto& a : storage::AccessAdvisorRepository(ctx.db).for_entity(account)) {
    if (root_key.last_used && a.last_accessed <= *root_key.last_used) continue;
    root_key.last_used = a.last_accessed;
    root_key.last_used_region = a.region;
    root_key.last_used_service = a.service;
  }
  csv += ",true," + root_created;
  add_last_used(csv, root_key);
  csv += ",false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
  storage::LoginProfileRepository profiles(ctx.db);
  const auto policy = storage::PasswordPolicyRepository(ctx.db).find(account);
  std::optional<int64_t> max_age;
  if (policy) max_age = policy->max_age;
  for (const auto& f : storage::CredentialReportRepository(ctx.db).user_facts(account)) {
    const auto& u = f.user;
    csv += "\n" + u.name + "," + arn::entity(ctx.partition, account, "user", u.path, u.name) + "," +
           report_time(u.create_date);
    add_password(csv, profiles.find(u.row), max_age);
    csv += std::string(",") + flag(f.mfa_active);
    add_credentials(csv, f.access_keys, f.certificates);
  }
  return csv;  // lines end with \n, the last one without
}

Result<XmlNode> GenerateCredentialReport(RequestContext& ctx) {
  storage::CredentialReportRepository reports(ctx.db);
  auto previous = reports.find(ctx.account());
  XmlNode result;
  if (previous && ctx.now - previous->generated < kReportLifetime) {
    result.text("State", "COMPLETE");
    return result;
  }
  const std::string root_created = root_creation_time(previous, ctx.now);
  reports.put(ctx.account(), {ctx.now, make_report(ctx, root_created)});
  result.text("State", "STARTED")
      .text("Description", "No report exists. Starting a new report generation task");
  return result;
}

Result<XmlNode> GetCredentialReport(RequestContext& ctx) {
  auto report = storage::CredentialReportRepository(ctx.db).find(ctx.account());
  // AWS sends these two without a message.
  if (!report) return errors::ReportNotPresent("");
  if (ctx.now - report->generated >= kReportLifetime) return errors::ReportExpired("");
  XmlNode result;
  result.text("Content", credentials::base64_encode(report->content))
      .text("ReportFormat", "text/csv")
      .timestamp("GeneratedTime", report->generated);
  return result;
}

}  // namespace

void add_credential_report_actions(std::vector<Action>& table) {
  const auto iam = Service::kIam;
  table.insert(table.end(),
               {
                   {.name = "GenerateCredentialReport",
                    .service = iam,
                    .handler = GenerateCredentialReport,
                    .writes = true},
                   {.name = "GetCredentialReport", .service = iam, .handler = GetCredentialReport},
               });
}

}  // namespace localiam::api
