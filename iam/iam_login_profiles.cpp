// Login profiles (console passwords) of IAM users: CreateLoginProfile, GetLoginProfile,
// UpdateLoginProfile, DeleteLoginProfile, and ChangePassword (an IAM user changing their own
// password). Passwords are checked against the account's password policy (AWS's default policy
// when none is set) and stored only as salted hashes; no response or message contains them.
// Without UserName, Create/Get/DeleteLoginProfile act on the calling IAM user.
#include "credentials/password_hash.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/password_checks.hpp"
#include "query/param_presets.hpp"
#include "storage/login_profile_repository.hpp"
#include "storage/password_policy_repository.hpp"

namespace localiam::api {

namespace {

using storage::LoginProfileRow;

Result<LoginProfileRow> require_profile(RequestContext& ctx, const storage::UserRow& user) {
  auto profile = storage::LoginProfileRepository(ctx.db).find(user.row);
  if (!profile)
    return errors::NoSuchEntity("Login Profile for User " + user.name + " cannot be found.");
  return std::move(*profile);
}

Status check_against_account_policy(RequestContext& ctx, std::string_view password) {
  return check_password_rules(storage::PasswordPolicyRepository(ctx.db).find(ctx.account()),
                              password);
}

XmlNode login_profile_result(const storage::UserRow& user, const LoginProfileRow& profile) {
  XmlNode result;
  result.child("LoginProfile")
      .text("UserName", user.name)
      .timestamp("CreateDate", profile.create_date)
      .boolean("PasswordResetRequired", profile.password_reset_required);
  return result;
}

Result<XmlNode> CreateLoginProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  storage::LoginProfileRepository profiles(ctx.db);
  if (profiles.find(user.row))
    return errors::EntityAlreadyExists("Login Profile for user " + user.name + " already exists.");
  const std::string& password = ctx.param("Password");
  RETURN_IF_ERROR(check_against_account_policy(ctx, password));
  LoginProfileRow profile;
  profile.user_row = user.row;
  profile.account_id = user.account_id;
  profile.password_hash = credentials::hash_password(password);
  profile.password_reset_required = ctx.param("PasswordResetRequired") == "true";
  profile.create_date = ctx.now;
  profile.password_last_changed = ctx.now;
  profiles.insert(profile);
  return login_profile_result(user, profile);
}

Result<XmlNode> GetLoginProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(LoginProfileRow profile, require_profile(ctx, user));
  return login_profile_result(user, profile);
}

// Sets a new password and/or PasswordResetRequired; what is not given stays as it is.
Result<XmlNode> UpdateLoginProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(LoginProfileRow profile, require_profile(ctx, user));
  storage::LoginProfileRepository profiles(ctx.db);
  if (const std::string* password = ctx.optional_param("Password")) {
    RETURN_IF_ERROR(check_against_account_policy(ctx, *password));
    profiles.set_password(user.row, credentials::hash_password(*password), ctx.now);
  }
  if (const std::string* reset = ctx.optional_param("PasswordResetRequired"))
    profiles.set_reset_required(user.row, *reset == "true");
  return XmlNode();
}

Result<XmlNode> DeleteLoginProfile(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
  ASSIGN_OR_RETURN(LoginProfileRow profile, require_profile(ctx, user));
  storage::LoginProfileRepository(ctx.db).remove(profile.user_row);
  return XmlNode();
}

// The policy's PasswordReusePrevention: the new password may not be any of the user's last N.
Status check_reuse(RequestContext& ctx, const std::optional<storage::PasswordPolicyRow>& policy,
                   int64_t user_row, std::string_view password) {
  if (!policy || !policy->reuse_prevention) return ok_status();
  const auto recent = storage::LoginProfileRepository(ctx.db).recent_password_hashes(
      user_row, static_cast<int>(*policy->reuse_prevention));
  for (const std::string& hash : recent)
    if (credentials::verify_password(password, hash)) return password_policy_violation();
  return ok_status();
}

// Only an IAM user can change their own password, and only with the current one. A changed
// password no longer needs to be reset at the next sign-in.
Result<XmlNode> ChangePassword(RequestContext& ctx) {
  if (ctx.caller.kind != PrincipalKind::kUser)
    return errors::InvalidUserType("Only IAM users can change their own password.");
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.caller.name));
  ASSIGN_OR_RETURN(LoginProfileRow profile, require_profile(ctx, user));
  if (!credentials::verify_password(ctx.param("OldPassword"), profile.password_hash))
    return errors::AccessDenied("The old password is incorrect.");
  const std::string& password = ctx.param("NewPassword");
  const auto policy = storage::PasswordPolicyRepository(ctx.db).find(ctx.account());
  RETURN_IF_ERROR(check_password_rules(policy, password));
  RETURN_IF_ERROR(check_reuse(ctx, policy, user.row, password));
  storage::LoginProfileRepository profiles(ctx.db);
  profiles.set_password(user.row, credentials::hash_password(password), ctx.now);
  if (profile.password_reset_required) profiles.set_reset_required(user.row, false);
  return XmlNode();
}

ParamRule password(const char* param) {
  return ParamRule{
      .name = param, .min_length = 1, .max_length = 128, .pattern = Pattern::kPolicyDocument};
}

}  // namespace

void add_login_profile_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  // The current model makes UserName optional (the caller) for Create/Get/Delete; Password is
  // optional only for AssumeRoot sessions, which localiam never issues (no organization).
  const ParamRule caller_or_user = name("UserName", 64);
  table.insert(table.end(),
               {
                   {.name = "CreateLoginProfile",
                    .service = iam,
                    .handler = CreateLoginProfile,
                    .rules = {caller_or_user, required(password("Password")),
                              boolean("PasswordResetRequired")},
                    .writes = true,
                    .resource = resource::user_or_caller()},
                   {.name = "GetLoginProfile",
                    .service = iam,
                    .handler = GetLoginProfile,
                    .rules = {caller_or_user},
                    .resource = resource::user_or_caller()},
                   {.name = "UpdateLoginProfile",
                    .service = iam,
                    .handler = UpdateLoginProfile,
                    .rules = {required(name("UserName", 64)), password("Password"),
                              boolean("PasswordResetRequired")},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::entity("user", "UserName")},
                   {.name = "DeleteLoginProfile",
                    .service = iam,
                    .handler = DeleteLoginProfile,
                    .rules = {caller_or_user},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::user_or_caller()},
                   {.name = "ChangePassword",
                    .service = iam,
                    .handler = ChangePassword,
                    .rules = {required(password("OldPassword")), required(password("NewPassword"))},
                    .has_result = false,
                    .writes = true,
                    .resource = resource::user_or_caller()},
               });
}

}  // namespace localiam::api
