// Account-wide STS settings: outbound web identity federation (enabled or not, and the issuer
// identifier the account keeps across disable/enable) and the global endpoint token version
// (SetSecurityTokenServicePreferences). Callers hold Database::lock().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace localiam::storage {

struct OutboundFederationRow {
  std::string issuer_id;
  bool enabled = false;
};

class FederationSettingsRepository {
 public:
  explicit FederationSettingsRepository(Database& db) : db_(db) {}
  // nullopt when the account never enabled it.
  std::optional<OutboundFederationRow> outbound(std::string_view account_id);
  void put_outbound(std::string_view account_id, const OutboundFederationRow& row);
  void put_token_version(std::string_view account_id, std::string_view version);

 private:
  Database& db_;
};

}  // namespace localiam::storage
