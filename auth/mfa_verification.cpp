#include "auth/mfa_verification.hpp"

#include <algorithm>

#include "credentials/base32.hpp"
#include "credentials/totp.hpp"
#include "storage/identity_repository.hpp"

namespace localiam::api {

namespace {

constexpr int kResyncSteps = 20;

}  // namespace

std::optional<int64_t> check_consecutive_codes(const storage::MfaDeviceRow& device,
                                               std::string_view first, std::string_view second,
                                               int64_t now, MfaWindow window) {
  const auto key = credentials::base32_decode(device.seed);
  if (!key) return std::nullopt;
  const int64_t step = credentials::totp_step(now) + device.drift;
  if (window == MfaWindow::kEnable) {
    // The second code is the device's latest: usually the current step, possibly one ahead
    // or a couple behind (codes typed slowly). Small offsets are learnt, within one step.
    auto found = credentials::find_consecutive_codes(*key, first, second, step, 3, 1);
    if (!found) return std::nullopt;
    return std::clamp<int64_t>(*found + 1 - credentials::totp_step(now), -1, 1);
  }
  auto found = credentials::find_consecutive_codes(*key, first, second, credentials::totp_step(now),
                                                   kResyncSteps, kResyncSteps);
  if (!found) return std::nullopt;
  return *found + 1 - credentials::totp_step(now);
}

Result<bool> verify_sts_mfa(RequestContext& ctx) {
  const std::string* serial = ctx.optional_param("SerialNumber");
  const std::string* code = ctx.optional_param("TokenCode");
  if (!serial && !code) return false;
  const auto unknown = [] {
    return errors::AccessDenied(
        "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA "
        "serial number is valid and associated with this user.");
  };
  if (!serial || !code || ctx.caller.kind != PrincipalKind::kUser) return unknown();
  auto device = storage::MfaDeviceRepository(ctx.db).find(ctx.caller.account_id, *serial);
  if (!device || !device->user_row) return unknown();
  auto owner = storage::UserRepository(ctx.db).find_by_row(*device->user_row);
  if (!owner || owner->user_id != ctx.caller.user_id) return unknown();
  const auto key = credentials::base32_decode(device->seed);
  const int64_t step = credentials::totp_step(ctx.now) + device->drift;
  if (!key || !credentials::find_code(*key, *code, step, 2, 1))
    return errors::AccessDenied(
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
  return true;
}

}  // namespace localiam::api
