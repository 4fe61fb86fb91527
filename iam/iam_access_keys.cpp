// Long-term access keys of IAM users: CreateAccessKey, ListAccessKeys, UpdateAccessKey (an
// Inactive key is then refused with InvalidClientTokenId by the authenticator),
// GetAccessKeyLastUsed (recorded by auth/access_key_usage.hpp), DeleteAccessKey. Without
// UserName these act on the calling IAM user, as in AWS.
#include "common/random_ids.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/credential_repository.hpp"

namespace localiam::api {

namespace {

namespace {

constexpr int64_t kAccessKeysPerUser = 2;

// The user named by UserName, else the calling IAM user.
Result<storage::UserRow> target_user(RequestContext& ctx) {
  if (const std::string* name = ctx.optional_param("UserName")) return require_user(ctx, *name);
  if (ctx.caller.kind != PrincipalKind::kUser)
    return errors::ValidationError("Must specify userName when calling with non-User credentials");
  return require_user(ctx, ctx.caller.name);
}

}  // namespace

Result<XmlNode> CreateAccessKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, target_user(ctx));
  storage::AccessKeyRepository keys(ctx.db);
  if (keys.count_for_user(user.row) >= kAccessKeysPerUser)
    return errors::LimitExceeded("Cannot exceed quota for AccessKeysPerUser: " +
                                 std::to_string(kAccessKeysPerUser));
  storage::AccessKeyRow key;
  key.access_key_id = make_access_key_id("AKIA");
  key.account_id = user.account_id;
  key.user_row = user.row;
  key.user_name = user.name;
  key.secret = make_secret_access_key();
  key.status = "Active";
  key.create_date = ctx.now;
  keys.insert(key);
  XmlNode result;
  result.child("AccessKey")
      .text("UserName", key.user_name)
      .text("AccessKeyId", key.access_key_id)
      .text("Status", key.status)
      .text("SecretAccessKey", key.secret)
      .timestamp("CreateDate", key.create_date);
  return result;
}

Result<XmlNode> ListAccessKeys(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, target_user(ctx));
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  XmlNode result;
  XmlNode& list = result.list("AccessKeyMetadata");
  for (const auto& key : storage::AccessKeyRepository(ctx.db).list_for_user(user.row)) {
    if (pager.before_page(key.access_key_id)) continue;
    if (!pager.take(key.access_key_id)) break;
    list.member()
        .text("UserName", key.user_name)
        .text("AccessKeyId", key.access_key_id)
        .text("Status", key.status)
        .timestamp("CreateDate", key.create_date);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> DeleteAccessKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, target_user(ctx));
  const std::string& id = ctx.param("AccessKeyId");
  storage::AccessKeyRepository keys(ctx.db);
  auto key = keys.find(id);
  if (!key || key->user_row != user.row)
    return errors::NoSuchEntity("The Access Key with id " + id + " cannot be found.");
  keys.remove(id);
  return XmlNode();
}

Result<XmlNode> UpdateAccessKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, target_user(ctx));
  const std::string& id = ctx.param("AccessKeyId");
  storage::AccessKeyRepository keys(ctx.db);
  auto key = keys.find(id);
  if (!key || key->user_row != user.row)
    return errors::NoSuchEntity("The Access Key with id " + id + " cannot be found.");
  keys.set_status(id, ctx.param("Status"));
  return XmlNode();
}

// A key the caller's account does not hold is AccessDenied, not NoSuchEntity (AWS's answer).
Result<XmlNode> GetAccessKeyLastUsed(RequestContext& ctx) {
  const std::string& id = ctx.param("AccessKeyId");
  storage::AccessKeyRepository keys(ctx.db);
  auto key = keys.find(id);
  if (!key || key->account_id != ctx.account())
    return errors::AccessDenied("User: " + ctx.caller.arn +
                                " is not authorized to perform iam:GetAccessKeyLastUsed on "
                                "resource: access key " +
                                id);
  XmlNode result;
  result.text("UserName", key->user_name);
  XmlNode& used = result.child("AccessKeyLastUsed");
  if (auto use = keys.last_use(id))
    used.timestamp("LastUsedDate", use->date)
        .text("ServiceName", use->service)
        .text("Region", use->region);
  else
    used.text("ServiceName", "N/A").text("Region", "N/A");
  return result;
}

}  // namespace

void add_access_key_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule access_key_id = required(ParamRule{.name = "AccessKeyId",
                                                     .min_length = 16,
                                                     .max_length = 128,
                                                     .pattern = Pattern::kAccessKeyId});
  table.insert(
      table.end(),
      {
          {.name = "CreateAccessKey",
           .service = iam,
           .handler = CreateAccessKey,
           .rules = {existing_user_name()},
           .writes = true,
           .resource = resource::user_or_caller()},
          {.name = "ListAccessKeys",
           .service = iam,
           .handler = ListAccessKeys,
           .rules = {existing_user_name(), marker(), max_items()},
           .resource = resource::user_or_caller()},
          {.name = "UpdateAccessKey",
           .service = iam,
           .handler = UpdateAccessKey,
           .rules = {existing_user_name(), access_key_id,
                     required(ParamRule{.name = "Status",
                                        .enum_values = {"Active", "Inactive", "Expired"}})},
           .has_result = false,
           .writes = true,
           .resource = resource::user_or_caller()},
          {.name = "GetAccessKeyLastUsed",
           .service = iam,
           .handler = GetAccessKeyLastUsed,
           .rules = {access_key_id},
           .resource = resource::unknown()},
          {.name = "DeleteAccessKey",
           .service = iam,
           .handler = DeleteAccessKey,
           .rules = {existing_user_name(), required(ParamRule{.name = "AccessKeyId",
                                                              .min_length = 16,
                                                              .max_length = 128,
                                                              .pattern = Pattern::kAccessKeyId})},
           .has_result = false,
           .writes = true,
           .resource = resource::user_or_caller()},
      });
}

}  // namespace localiam::api
