// SSH public keys of IAM users (for CodeCommit): UploadSSHPublicKey, GetSSHPublicKey,
// ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey. Keys are parsed and checked with
// OpenSSL; IAM takes RSA keys of at least 2048 bits, in OpenSSH ("ssh-rsa …") or PEM form.
#include "common/random_ids.hpp"
#include "credentials/ssh_public_key.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/ssh_key_repository.hpp"

namespace localiam::api {

namespace {

using storage::SshKeyRow;

constexpr int64_t kSshKeysPerUser = 5;
constexpr int kMinimumRsaBits = 2048;

Result<SshKeyRow> require_key(RequestContext& ctx, const storage::UserRow& user) {
  const std::string& id = ctx.param("SSHPublicKeyId");
  auto key = storage::SshKeyRepository(ctx.db).find(id);
  if (!key || key->user_row != user.row)
    return errors::NoSuchEntity("The Public Key with id " + id + " cannot be found.");
  return std::move(*key);
}

void write_key(XmlNode& node, const SshKeyRow& key, std::string_view user_name,
               std::string_view body) {
  node.text("UserName", std::string(user_name))
      .text("SSHPublicKeyId", key.key_id)
      .text("Fingerprint", key.fingerprint)
      .text("SSHPublicKeyBody", std::string(body))
      .text("Status", key.status)
      .timestamp("UploadDate", key.upload_date);
}

Result<credentials::SshPublicKey> parse_key(std::string_view text) {
  auto parsed = credentials::parse_ssh_public_key(text);
  if (!parsed.key) {
    if (parsed.problem == credentials::SshKeyProblem::kInvalid)
      return errors::InvalidPublicKey("The public key is malformed or otherwise invalid.");
    return errors::UnrecognizedPublicKeyEncoding(
        "The public key encoding format is unsupported or unrecognized.");
  }
  if (parsed.key->algorithm != "ssh-rsa")
    return errors::UnrecognizedPublicKeyEncoding(
        "The public key encoding format is unsupported or unrecognized.");
  if (parsed.key->bits < kMinimumRsaBits)
    return errors::InvalidPublicKey("The minimum bit-length of the public key is 2048 bits.");
  return std::move(*parsed.key);
}

Result<XmlNode> UploadSSHPublicKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(credentials::SshPublicKey parsed, parse_key(ctx.param("SSHPublicKeyBody")));
  storage::SshKeyRepository keys(ctx.db);
  SshKeyRow key;
  key.fingerprint = credentials::md5_fingerprint(parsed.blob);
  const auto existing = keys.list_for_user(user.row);
  for (const SshKeyRow& other : existing)
    if (other.fingerprint == key.fingerprint)
      return errors::DuplicateSSHPublicKey(
          "The SSH public key is already associated with the specified IAM user.");
  if (static_cast<int64_t>(existing.size()) >= kSshKeysPerUser)
    return errors::LimitExceeded("Cannot exceed quota for SSHPublicKeysPerUser: " +
                                 std::to_string(kSshKeysPerUser));
  key.key_id = make_unique_id("APKA");
  key.account_id = user.account_id;
  key.user_row = user.row;
  key.body = credentials::ssh_public_key_line(parsed);
  key.pem = parsed.pem;
  key.status = "Active";
  key.upload_date = ctx.now;
  keys.insert(key);
  XmlNode result;
  write_key(result.child("SSHPublicKey"), key, user.name, key.body);
  return result;
}

Result<XmlNode> GetSSHPublicKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(SshKeyRow key, require_key(ctx, user));
  const bool pem = ctx.param("Encoding") == "PEM";
  XmlNode result;
  write_key(result.child("SSHPublicKey"), key, user.name, pem ? key.pem : key.body);
  return result;
}

// Without UserName: the calling IAM user's keys (none for other callers).
Result<XmlNode> ListSSHPublicKeys(RequestContext& ctx) {
  std::vector<SshKeyRow> keys;
  std::string user_name;
  if (ctx.optional_param("UserName") || ctx.caller.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(storage::UserRow user, user_param_or_caller(ctx));
    keys = storage::SshKeyRepository(ctx.db).list_for_user(user.row);
    user_name = user.name;
  }
  ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
  XmlNode result;
  XmlNode& list = result.list("SSHPublicKeys");
  for (const SshKeyRow& key : keys) {
    if (pager.before_page(key.key_id)) continue;
    if (!pager.take(key.key_id)) break;
    list.member()
        .text("UserName", user_name)
        .text("SSHPublicKeyId", key.key_id)
        .text("Status", key.status)
        .timestamp("UploadDate", key.upload_date);
  }
  pager.finish(result);
  return result;
}

Result<XmlNode> UpdateSSHPublicKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(SshKeyRow key, require_key(ctx, user));
  storage::SshKeyRepository(ctx.db).set_status(key.key_id, ctx.param("Status"));
  return XmlNode();
}

Result<XmlNode> DeleteSSHPublicKey(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
  ASSIGN_OR_RETURN(SshKeyRow key, require_key(ctx, user));
  storage::SshKeyRepository(ctx.db).remove(key.key_id);
  return XmlNode();
}

}  // namespace

void add_ssh_key_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule user = required(name("UserName", 64));
  const ParamRule key_id = required(ParamRule{.name = "SSHPublicKeyId",
                                              .min_length = 20,
                                              .max_length = 128,
                                              .pattern = Pattern::kAccessKeyId});
  const ParamRule status =
      required(ParamRule{.name = "Status", .enum_values = {"Active", "Inactive", "Expired"}});
  table.insert(
      table.end(),
      {
          {.name = "UploadSSHPublicKey",
           .service = iam,
           .handler = UploadSSHPublicKey,
           .rules = {user, required(ParamRule{.name = "SSHPublicKeyBody",
                                              .min_length = 1,
                                              .max_length = 16384,
                                              .pattern = Pattern::kPolicyDocument})},
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "GetSSHPublicKey",
           .service = iam,
           .handler = GetSSHPublicKey,
           .rules = {user, key_id,
                     required(ParamRule{.name = "Encoding", .enum_values = {"SSH", "PEM"}})},
           .resource = resource::entity("user", "UserName")},
          {.name = "ListSSHPublicKeys",
           .service = iam,
           .handler = ListSSHPublicKeys,
           .rules = {name("UserName", 64), marker(), max_items()},
           .resource = resource::user_or_caller()},
          {.name = "UpdateSSHPublicKey",
           .service = iam,
           .handler = UpdateSSHPublicKey,
           .rules = {user, key_id, status},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
          {.name = "DeleteSSHPublicKey",
           .service = iam,
           .handler = DeleteSSHPublicKey,
           .rules = {user, key_id},
           .has_result = false,
           .writes = true,
           .resource = resource::entity("user", "UserName")},
      });
}

}  // namespace localiam::api
