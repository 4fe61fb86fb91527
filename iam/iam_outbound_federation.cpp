// Outbound web identity federation (Enable/Disable/GetOutboundWebIdentityFederationInfo), which
// lets STS GetWebIdentityToken vend JWTs for the account, and SetSecurityTokenServicePreferences.
// The issuer identifier is https://{uuid}.tokens.sts.global.api.aws, kept across disable and
// enable. The FeatureEnabled/FeatureDisabled texts are the errors' documented descriptions
// (AWS's wire texts are unconfirmed).
#include "common/random_ids.hpp"
#include "iam/iam_actions.hpp"
#include "storage/federation_settings_repository.hpp"

namespace localiam::api {

namespace {

AwsError disabled() {
  return errors::FeatureDisabled(
      "The outbound web identity federation feature is not enabled for this account.");
}

Result<XmlNode> EnableOutboundWebIdentityFederation(RequestContext& ctx) {
  storage::FederationSettingsRepository settings(ctx.db);
  auto row = settings.outbound(ctx.account());
  if (row && row->enabled)
    return errors::FeatureEnabled(
        "The outbound web identity federation feature is already enabled for this account.");
  storage::OutboundFederationRow updated{
      row ? row->issuer_id : "https://" + make_request_id() + ".tokens.sts.global.api.aws", true};
  settings.put_outbound(ctx.account(), updated);
  XmlNode result;
  result.text("IssuerIdentifier", updated.issuer_id);
  return result;
}

Result<XmlNode> DisableOutboundWebIdentityFederation(RequestContext& ctx) {
  storage::FederationSettingsRepository settings(ctx.db);
  auto row = settings.outbound(ctx.account());
  if (!row || !row->enabled) return disabled();
  row->enabled = false;
  settings.put_outbound(ctx.account(), *row);
  return XmlNode();
}

Result<XmlNode> GetOutboundWebIdentityFederationInfo(RequestContext& ctx) {
  auto row = storage::FederationSettingsRepository(ctx.db).outbound(ctx.account());
  if (!row || !row->enabled) return disabled();
  XmlNode result;
  result.text("IssuerIdentifier", row->issuer_id).boolean("JwtVendingEnabled", true);
  return result;
}

Result<XmlNode> SetSecurityTokenServicePreferences(RequestContext& ctx) {
  storage::FederationSettingsRepository(ctx.db).put_token_version(
      ctx.account(), ctx.param("GlobalEndpointTokenVersion"));
  return XmlNode();
}

}  // namespace

void add_outbound_federation_actions(std::vector<Action>& table) {
  const auto iam = Service::kIam;
  table.insert(table.end(), {
                                {.name = "EnableOutboundWebIdentityFederation",
                                 .service = iam,
                                 .handler = EnableOutboundWebIdentityFederation,
                                 .writes = true},
                                {.name = "DisableOutboundWebIdentityFederation",
                                 .service = iam,
                                 .handler = DisableOutboundWebIdentityFederation,
                                 .has_result = false,
                                 .writes = true},
                                {.name = "GetOutboundWebIdentityFederationInfo",
                                 .service = iam,
                                 .handler = GetOutboundWebIdentityFederationInfo},
                                {.name = "SetSecurityTokenServicePreferences",
                                 .service = iam,
                                 .handler = SetSecurityTokenServicePreferences,
                                 .rules = {ParamRule{.name = "GlobalEndpointTokenVersion",
                                                     .required = true,
                                                     .enum_values = {"v1Token", "v2Token"}}},
                                 .has_result = false,
                                 .writes = true},
                            });
}

}  // namespace localiam::api
