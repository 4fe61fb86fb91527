#include "storage/federation_settings_repository.hpp"

namespace localiam::storage {

std::optional<OutboundFederationRow> FederationSettingsRepository::outbound(
    std::string_view account_id) {
  Statement s =
      db_.prepare("SELECT issuer_id, enabled FROM outbound_federation WHERE account_id = ?");
  s.bind(1, account_id);
  if (!s.step()) return std::nullopt;
  return OutboundFederationRow{s.text(0), s.integer(1) != 0};
}

void FederationSettingsRepository::put_outbound(std::string_view account_id,
                                                const OutboundFederationRow& row) {
  db_.prepare(
         "INSERT INTO outbound_federation (account_id, issuer_id, enabled) VALUES (?,?,?) "
         "ON CONFLICT(account_id) DO UPDATE SET issuer_id = excluded.issuer_id, "
         "enabled = excluded.enabled")
      .bind(1, account_id)
      .bind(2, row.issuer_id)
      .bind(3, static_cast<int64_t>(row.enabled ? 1 : 0))
      .run();
}

void FederationSettingsRepository::put_token_version(std::string_view account_id,
                                                     std::string_view version) {
  db_.prepare(
         "INSERT INTO sts_preferences (account_id, global_endpoint_token_version) VALUES (?,?) "
         "ON CONFLICT(account_id) DO UPDATE SET "
         "global_endpoint_token_version = excluded.global_endpoint_token_version")
      .bind(1, account_id)
      .bind(2, version)
      .run();
}

}  // namespace localiam::storage
