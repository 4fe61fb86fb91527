// STS: GetCallerIdentity and AssumeRole (session policies, session tags carried through role
// chaining, source identity). Temporary credentials are stored with their expiration and
// resolved by the Authenticator like any other key.
#include <algorithm>
#include <optional>

#include "auth/account_partition.hpp"
#include "auth/authenticator.hpp"
#include "auth/mfa_verification.hpp"
#include "query/param_presets.hpp"
#include "storage/credential_repository.hpp"
#include "storage/role_repository.hpp"
#include "sts/sts_actions.hpp"
#include "sts/sts_support.hpp"

namespace localiam::api {

namespace {

constexpr int64_t kDefaultDuration = 3600;
constexpr int64_t kRoleChainingLimit = 3600;

Result<XmlNode> GetCallerIdentity(RequestContext& ctx) {
  XmlNode result;
  result.text("UserId", ctx.caller.user_id)
      .text("Account", ctx.caller.account_id)
      .text("Arn", ctx.caller.arn);
  return result;
}

// The tags of a chained session: the calling session's transitive tags (which the request
// may not set again), then the requested ones.
Result<sts::SessionTags> chained_tags(const std::optional<storage::SessionRow>& parent,
                                      sts::SessionTags requested) {
  if (!parent || parent->kind != "assumed-role") return requested;
  sts::SessionTags out;
  for (const std::string& key : parent->transitive_tag_keys) {
    auto same = [&](const auto& other) { return sts::same_tag_key(other, key); };
    if (std::any_of(requested.tags.begin(), requested.tags.end(),
                    [&](const storage::SessionTag& t) { return same(t.key); }))
      return errors::InvalidParameterValue(
          "One of the specified transitive tag keys can't be set because it conflicts with a "
          "transitive tag key from the calling session.");
    auto tag = std::find_if(parent->tags.begin(), parent->tags.end(),
                            [&](const storage::SessionTag& t) { return same(t.key); });
    if (tag == parent->tags.end()) continue;
    out.tags.push_back(*tag);
    out.transitive_keys.push_back(key);
  }
  out.tags.insert(out.tags.end(), requested.tags.begin(), requested.tags.end());
  out.transitive_keys.insert(out.transitive_keys.end(), requested.transitive_keys.begin(),
                             requested.transitive_keys.end());
  return out;
}

Result<XmlNode> AssumeRole(RequestContext& ctx) {
  const std::string& role_arn = ctx.param("RoleArn");
  const std::string& session_name = ctx.param("RoleSessionName");
  auto parts = sts::parse_role_arn(role_arn);
  if (!parts) return sts::invalid_arn(role_arn);
  // Open mode is lenient (people call AssumeRole with the root "test" key); AWS refuses roots
  // whatever the policies say, so audit mode refuses them too.
  if (ctx.caller.kind == PrincipalKind::kRoot && !ctx.caller.temporary &&
      !ctx.service.config.auth_mode.root_may_assume_roles())
    return errors::AccessDenied("Roles may not be assumed by root accounts.");

  // The role may live in another account than the caller's (cross-account access); the
  // session then belongs to the role's account.
  storage::RoleRepository roles(ctx.db);
  auto role = roles.find(parts->account_id, parts->name);
  if (!role ||
      arn::entity(ctx.partition, role->account_id, "role", role->path, role->name) != role_arn)
    return errors::AccessDenied(
        "User: " + ctx.caller.arn +
        " is not authorized to perform: sts:AssumeRole on resource: " + role_arn);
  RETURN_IF_ERROR(check_account_partition(ctx, role->account_id));

  // Role chaining: the caller holds credentials of an assumed role, or of GetSessionToken.
  const bool chaining =
      ctx.caller.kind == PrincipalKind::kAssumedRole || sts::is_session_token_caller(ctx.caller);
  int64_t duration = sts::duration_param(ctx, kDefaultDuration);
  if (duration > role->max_session_duration)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  if (chaining && duration > kRoleChainingLimit)
    return errors::ValidationError(
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.");

  ASSIGN_OR_RETURN(const bool mfa_authenticated, verify_sts_mfa(ctx));
  ASSIGN_OR_RETURN(sts::SessionPolicies policies,
                   sts::read_session_policies(ctx, role->account_id));
  ASSIGN_OR_RETURN(sts::SessionTags requested, sts::read_session_tags(ctx, true));
  const bool passes_session_data =
      policies.policy || !policies.arns.empty() || !requested.tags.empty();
  const std::optional<storage::SessionRow> parent = sts::caller_session(ctx);
  ASSIGN_OR_RETURN(sts::SessionTags tags, chained_tags(parent, std::move(requested)));
  ASSIGN_OR_RETURN(int64_t packed_size, sts::packed_policy_size(policies, tags.tags));

  storage::SessionRow session = sts::new_session(ctx, "assumed-role", role->account_id, duration);
  session.arn = arn::assumed_role(ctx.partition, role->account_id, role->name, session_name);
  session.principal_id = role->role_id + ":" + session_name;
  session.role_name = role->name;
  session.session_name = session_name;
  session.session_policy = policies.policy;
  session.policy_arns = std::move(policies.arns);
  session.tags = std::move(tags.tags);
  session.transitive_tag_keys = std::move(tags.transitive_keys);
  session.mfa_authenticated = mfa_authenticated;
  // A source identity, once set, stays with every session chained from it.
  if (const std::string* source = ctx.optional_param("SourceIdentity"))
    session.source_identity = *source;
  else if (parent)
    session.source_identity = parent->source_identity;
  storage::SessionRepository(ctx.db).insert(session);
  roles.mark_used(role->row, ctx.now, ctx.region);

  XmlNode result;
  sts::write_credentials(result.child("Credentials"), session);
  result.child("AssumedRoleUser")
      .text("AssumedRoleId", session.principal_id)
      .text("Arn", session.arn);
  if (passes_session_data) result.integer("PackedPolicySize", packed_size);
  if (session.source_identity) result.text("SourceIdentity", *session.source_identity);
  return result;
}

}  // namespace

void add_sts_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto sts = Service::kSts;
  table.insert(
      table.end(),
      {
          {.name = "GetCallerIdentity", .service = sts, .handler = GetCallerIdentity},
          {.name = "AssumeRole",
           .service = sts,
           .handler = AssumeRole,
           .rules = {required(ParamRule{.name = "RoleArn",
                                        .min_length = 20,
                                        .max_length = 2048,
                                        .pattern = Pattern::kStsArn}),
                     required(ParamRule{.name = "RoleSessionName",
                                        .min_length = 2,
                                        .max_length = 64,
                                        .pattern = Pattern::kSessionName}),
                     ParamRule{
                         .name = "Policy", .min_length = 1, .pattern = Pattern::kPolicyDocument},
                     integer("DurationSeconds", 900, 43200),
                     ParamRule{.name = "ExternalId",
                               .min_length = 2,
                               .max_length = 1224,
                               .pattern = Pattern::kExternalId},
                     ParamRule{.name = "SerialNumber",
                               .min_length = 9,
                               .max_length = 256,
                               .pattern = Pattern::kSerialNumber},
                     ParamRule{.name = "TokenCode",
                               .min_length = 6,
                               .max_length = 6,
                               .pattern = Pattern::kTokenCode},
                     ParamRule{.name = "SourceIdentity",
                               .min_length = 2,
                               .max_length = 64,
                               .pattern = Pattern::kSessionName}},
           .writes = true,
           .resource = resource::arn("RoleArn")},
      });
}

}  // namespace localiam::api
