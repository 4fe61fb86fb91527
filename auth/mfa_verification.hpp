// Checking one-time codes of virtual MFA devices against their seeds on the server's clock.
// EnableMFADevice and ResyncMFADevice take two consecutive codes; STS (GetSessionToken,
// AssumeRole) takes one code from a device assigned to the calling IAM user.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/action.hpp"
#include "storage/mfa_device_repository.hpp"

namespace localiam::api {

// How far a device's clock may be found from the server's, in 30-second steps.
enum class MfaWindow {
  kEnable,  // codes generated just now (a step or two either way)
  kResync,  // a drifted device: up to ten minutes either way
};

// The device's new drift (steps its clock runs ahead of the server's) when `first` and
// `second` are two consecutive codes of the device within the window; nullopt otherwise.
std::optional<int64_t> check_consecutive_codes(const storage::MfaDeviceRow& device,
                                               std::string_view first, std::string_view second,
                                               int64_t now, MfaWindow window);

// STS's SerialNumber/TokenCode: true when both are given and the code is the current one of a
// device assigned to the calling IAM user; false when neither is given. AccessDenied with
// AWS's words when the device is unknown or not the caller's, or the code is wrong.
Result<bool> verify_sts_mfa(RequestContext& ctx);

}  // namespace localiam::api
