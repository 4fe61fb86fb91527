// Virtual MFA devices: CreateVirtualMFADevice (a fresh TOTP seed and the QR code of its
// otpauth:// URI), EnableMFADevice and ResyncMFADevice (two consecutive codes checked against
// the seed on the server's clock), DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices,
// ListVirtualMFADevices, GetMFADevice, and Tag/Untag/ListMFADeviceTags.
#include "auth/mfa_verification.hpp"
#include "common/random_ids.hpp"
#include "credentials/base32.hpp"
#include "credentials/png_writer.hpp"
#include "credentials/qr_code.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/identity_repository.hpp"
#include "storage/mfa_device_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::MfaDeviceRepository;
using storage::MfaDeviceRow;
using storage::TagTarget;

constexpr int64_t kMfaDevicesPerUser = 8;
constexpr size_t kSeedLength = 64;  // Base32 characters (40 bytes), as AWS issues them

AwsError no_such_device(std::string_view serial) {
  return errors::NoSuchEntity("MFA Device with serial number " + std::string(serial) +
                              " does not exist.");
}

Result<MfaDeviceRow> require_device(RequestContext& ctx) {
  const std::string& serial = ctx.param("SerialNumber");
  auto device = MfaDeviceRepository(ctx.db).find(ctx.account(), serial);
  if (!device) return no_such_device(serial);
  return std::move(*device);
}

// The device, which must be assigned to `user`.
Result<MfaDeviceRow> require_users_device(RequestContext& ctx, const storage::UserRow& user) {
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  if (device.user_row != user.row) return no_such_device(device.serial_number);
  return device;
}

std::string otpauth_uri(std::string_view device_name, std::string_view account,
                        std::string_view seed) {
  return "otpauth://totp/" + std::string(device_name) + "@" + std::string(account) +
         "?secret=" + std::string(seed);
}

Result<XmlNode> CreateVirtualMFADevice(RequestContext& ctx) {
  const std::string path = path_param(ctx);
  if (!matches_pattern(path, Pattern::kPath))
    return errors::ValidationError(
        "The specified value for path is invalid. It must begin and end with / and contain only "
        "alphanumeric characters and/or / characters.");
  const std::string& name = ctx.param("VirtualMFADeviceName");
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kMfaDevice, tags));
  MfaDeviceRepository devices(ctx.db);
  MfaDeviceRow device;
  device.account_id = ctx.account();
  device.serial_number = arn::entity(ctx.partition, ctx.account(), "mfa", path, name);
  if (devices.find(ctx.account(), device.serial_number))
    return errors::EntityAlreadyExists("MFA device already exists.");
  device.path = path;
  device.name = name;
  device.seed = random_base32("", kSeedLength);
  device.create_date = ctx.now;
  auto qr = credentials::encode_qr(otpauth_uri(name, ctx.account(), device.seed));
  if (!qr) return errors::ValidationError("The virtual MFA device name is too long.");
  devices.insert(device);
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kMfaDevice, device.row, tags));

  XmlNode result;
  XmlNode& out = result.child("VirtualMFADevice");
  out.text("SerialNumber", device.serial_number)
      .text("Base32StringSeed", credentials::base64_encode(device.seed))
      .text("QRCodePNG", credentials::base64_encode(credentials::qr_code_png(*qr)));
  if (!tags.empty()) write_tags(out, tags);
  return result;
}

Result<XmlNode> EnableMFADevice(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  if (device.user_row) return errors::EntityAlreadyExists("MFA Device is already in use.");
  MfaDeviceRepository devices(ctx.db);
  if (devices.count_for_user(user.row) >= kMfaDevicesPerUser)
    return errors::LimitExceeded("Cannot exceed quota for MFADevicesPerUser: " +
                                 std::to_string(kMfaDevicesPerUser));
  device.drift = 0;
  auto drift =
      check_consecutive_codes(device, ctx.param("AuthenticationCode1"),
                              ctx.param("AuthenticationCode2"), ctx.now, MfaWindow::kEnable);
  if (!drift)
    return errors::InvalidAuthenticationCode("Authentication code for device is not valid.");
  devices.assign(device.row, user.row, ctx.now, *drift);
  return XmlNode();
}

Result<XmlNode> ResyncMFADevice(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_users_device(ctx, user));
  auto drift =
      check_consecutive_codes(device, ctx.param("AuthenticationCode1"),
                              ctx.param("AuthenticationCode2"), ctx.now, MfaWindow::kResync);
  if (!drift)
    return errors::InvalidAuthenticationCode("Authentication code for device is not valid.");
  MfaDeviceRepository(ctx.db).set_drift(device.row, *drift);
  return XmlNode();
}

// UserName is optional: without it the device is deactivated for whoever holds it.
Result<XmlNode> DeactivateMFADevice(RequestContext& ctx) {
  MfaDeviceRow device;
  if (const std::string* name = ctx.optional_param("UserName")) {
    ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, *name));
    ASSIGN_OR_RETURN(device, require_users_device(ctx, user));
  } else {
    ASSIGN_OR_RETURN(device, require_device(ctx));
    if (!device.user_row) return no_such_device(device.serial_number);
  }
  MfaDeviceRepository(ctx.db).unassign(device.row);
  return XmlNode();
}

Result<XmlNode> DeleteVirtualMFADevice(RequestContext& ctx) {
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  if (device.user_row) return errors::DeleteConflict("MFA device is still in use.");
  storage::TagRepository(ctx.db).remove_all(TagTarget::kMfaDevice, device.row);
  MfaDeviceRepository(ctx.db).remove(device.row);
  return XmlNode();
}

// Without UserName: the calling IAM user's devices (none for the root and for roles, which
// localiam gives no MFA devices).
Result<XmlNode> ListMFADevices(RequestContext& ctx) {
  std::vector<MfaDeviceRow> devices;
  std::string user_name;
  if (ctx.optional_param("UserName") || ctx.caller.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
    devices = MfaDeviceRepository(ctx.db).list_for_user(user.row);
    user_name = user.name;
  }
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  XmlNode result;
  XmlNode& list = result.list("MFADevices");
  for (const MfaDeviceRow& device : devices) {
    if (pager.before_page(device.serial_number)) continue;
    if (!pager.take(device.serial_number)) break;
    list.member()
        .text("UserName", user_name)
        .text("SerialNumber", device.serial_number)
        .timestamp("EnableDate", device.enable_date.value_or(device.create_date));
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> ListVirtualMFADevices(RequestContext& ctx) {
  const std::string* status = ctx.optional_param("AssignmentStatus");
  const auto assignment = !status || *status == "Any" ? storage::MfaAssignment::kAny
                          : *status == "Assigned"     ? storage::MfaAssignment::kAssigned
                                                      : storage::MfaAssignment::kUnassigned;
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page = MfaDeviceRepository(ctx.db).page(ctx.account(), assignment, after, max_items(ctx));
  storage::UserRepository users(ctx.db);
  XmlNode result;
  XmlNode& list = result.list("VirtualMFADevices");
  for (const MfaDeviceRow& device : page.items) {
    XmlNode& member = list.member();
    member.text("SerialNumber", device.serial_number);
    if (device.user_row) {
      if (auto user = users.find_by_row(*device.user_row))
        write_user(member.child("User"), ctx.partition, *user);
      if (device.enable_date) member.timestamp("EnableDate", *device.enable_date);
    }
  }
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().serial_number);
  return result;
}

Result<XmlNode> GetMFADevice(RequestContext& ctx) {
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  std::optional<storage::UserRow> owner;
  if (device.user_row) owner = storage::UserRepository(ctx.db).find_by_row(*device.user_row);
  if (const std::string* name = ctx.optional_param("UserName")) {
    ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, *name));
    if (!owner || owner->row != user.row) return no_such_device(device.serial_number);
  }
  XmlNode result;
  if (owner) result.text("UserName", owner->name);
  result.text("SerialNumber", device.serial_number);
  if (device.enable_date) result.timestamp("EnableDate", *device.enable_date);
  return result;
}

Result<XmlNode> TagMFADevice(RequestContext& ctx) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(TagTarget::kMfaDevice, tags));
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  RETURN_IF_ERROR(add_tags(ctx, TagTarget::kMfaDevice, device.row, tags));
  return XmlNode();
}

Result<XmlNode> UntagMFADevice(RequestContext& ctx) {
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  storage::TagRepository repo(ctx.db);
  for (const std::string& key : ctx.params.list("TagKeys"))
    repo.remove(TagTarget::kMfaDevice, device.row, key,
                tag_keys_ignore_case(TagTarget::kMfaDevice));
  return XmlNode();
}

Result<XmlNode> ListMFADeviceTags(RequestContext& ctx) {
  ASSIGN_OR_RETURN(MfaDeviceRow device, require_device(ctx));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page =
      storage::TagRepository(ctx.db).page(TagTarget::kMfaDevice, device.row, after, max_items(ctx));
  XmlNode result;
  write_tags(result, page.items);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().key);
  return result;
}

}  // namespace

void add_mfa_device_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule serial = required(ParamRule{.name = "SerialNumber",
                                              .min_length = 9,
                                              .max_length = 256,
                                              .pattern = Pattern::kMfaSerialNumber});
  const auto code = [](const char* param) {
    return required(ParamRule{
        .name = param, .min_length = 6, .max_length = 6, .pattern = Pattern::kAuthenticationCode});
  };
  const ParamRule user = required(existing_user_name());
  const std::vector<ParamRule> codes = {user, serial, code("AuthenticationCode1"),
                                        code("AuthenticationCode2")};
  table.insert(table.end(),
               {
                   {.name = "CreateVirtualMFADevice",
                    .service = iam,
                    .handler = CreateVirtualMFADevice,
                    .rules = {ParamRule{.name = "Path", .min_length = 1, .max_length = 512},
                              required(ParamRule{.name = "VirtualMFADeviceName",
                                                 .min_length = 1,
                                                 .pattern = Pattern::kName}),
                              tags()},
                    .writes = true,
                    .resource = resource::entity("mfa", "VirtualMFADeviceName")},
                   {.name = "EnableMFADevice",
                    .service = iam,
                    .handler = EnableMFADevice,
                    .rules = codes,
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("user", "UserName")},
                   {.name = "ResyncMFADevice",
                    .service = iam,
                    .handler = ResyncMFADevice,
                    .rules = codes,
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("user", "UserName")},
                   {.name = "DeactivateMFADevice",
                    .service = iam,
                    .handler = DeactivateMFADevice,
                    .rules = {existing_user_name(), serial},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::user_or_caller()},
                   {.name = "DeleteVirtualMFADevice",
                    .service = iam,
                    .handler = DeleteVirtualMFADevice,
                    .rules = {serial},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::arn("SerialNumber")},
                   {.name = "ListMFADevices",
                    .service = iam,
                    .handler = ListMFADevices,
                    .rules = {existing_user_name(), marker(), max_items()},
                    .resource = resource::user_or_caller()},
                   {.name = "ListVirtualMFADevices",
                    .service = iam,
                    .handler = ListVirtualMFADevices,
                    .rules = {ParamRule{.name = "AssignmentStatus",
                                        .enum_values = {"Assigned", "Unassigned", "Any"}},
                              marker(), max_items()}},
                   {.name = "GetMFADevice",
                    .service = iam,
                    .handler = GetMFADevice,
                    .rules = {serial, name("UserName", 64)},
                    .resource = resource::user_or_caller()},
                   {.name = "TagMFADevice",
                    .service = iam,
                    .handler = TagMFADevice,
                    .rules = {serial, required(tags())},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::arn("SerialNumber")},
                   {.name = "UntagMFADevice",
                    .service = iam,
                    .handler = UntagMFADevice,
                    .rules = {serial, tag_keys()},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::arn("SerialNumber")},
                   {.name = "ListMFADeviceTags",
                    .service = iam,
                    .handler = ListMFADeviceTags,
                    .rules = {serial, marker(), max_items()},
                    .resource = resource::arn("SerialNumber")},
               });
}

}  // namespace localiam::api
