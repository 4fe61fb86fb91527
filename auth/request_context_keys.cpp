#include "auth/request_context_keys.hpp"

#include <string>

#include "common/clock.hpp"

namespace localiam::api {

namespace {

using Key = policy::KnownKey;

void add_tags(policy::ContextKeys& context, std::string_view prefix,
              const std::vector<storage::TagRow>& tags) {
  for (const auto& tag : tags) context.set(std::string(prefix) + tag.key, tag.value);
}

std::string_view principal_type(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kRoot:
      return "Account";
    case PrincipalKind::kUser:
      return "User";
    case PrincipalKind::kAssumedRole:
      return "AssumedRole";
    case PrincipalKind::kFederatedUser:
      return "FederatedUser";
  }
  return "";
}

// Tags of the user or role the caller is (a role session's own tags win over the role's).
void add_principal_tags(RequestContext& ctx, AuthorizationLookups& lookups,
                        policy::ContextKeys& context,
                        const std::optional<storage::SessionRow>& session) {
  const Principal& caller = ctx.caller;
  if (caller.kind == PrincipalKind::kUser) {
    if (const auto& user = lookups.user(caller.account_id, caller.name))
      add_tags(context, "aws:PrincipalTag/", lookups.tags(storage::TagTarget::kUser, user->row));
  } else if (caller.kind == PrincipalKind::kAssumedRole) {
    if (const auto& role = lookups.role(caller.account_id, caller.name))
      add_tags(context, "aws:PrincipalTag/", lookups.tags(storage::TagTarget::kRole, role->row));
  }
  if (session)
    for (const auto& tag : session->tags) context.set("aws:PrincipalTag/" + tag.key, tag.value);
}

// Adds the members of a list parameter (`prefix` 1, 2, …) as the values of a context key.
void add_list(const RequestContext& ctx, std::string_view prefix, std::string_view key,
              policy::ContextKeys& context) {
  std::string name(prefix);
  for (int i = 1;; ++i) {
    name.resize(prefix.size());
    name += std::to_string(i);
    const std::string* value = ctx.optional_param(name);
    if (!value) return;
    context.add(key, *value);
  }
}

// Sets `key` to the request parameter `param` when the request has it.
void add_param(const RequestContext& ctx, std::string_view param, std::string_view key,
               policy::ContextKeys& context) {
  if (const std::string* value = ctx.optional_param(param)) context.set(key, *value);
}

}  // namespace

void add_principal_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                        const policy::ReferencedKeys& wanted, std::string_view principal_arn,
                        policy::ContextKeys& context) {
  const Principal& caller = ctx.caller;
  if (wanted.wants(Key::kPrincipalArn)) context.set("aws:PrincipalArn", std::string(principal_arn));
  if (wanted.wants(Key::kPrincipalAccount)) context.set("aws:PrincipalAccount", caller.account_id);
  if (wanted.wants(Key::kPrincipalType))
    context.set("aws:PrincipalType", std::string(principal_type(caller.kind)));
  if (wanted.wants(Key::kUserId)) context.set("aws:userid", caller.user_id);
  if (caller.kind == PrincipalKind::kUser && wanted.wants(Key::kUserName))
    context.set("aws:username", caller.name);

  static const std::optional<storage::SessionRow> kNoSession;
  const std::optional<storage::SessionRow>& session =
      caller.temporary ? lookups.session(caller.access_key_id) : kNoSession;
  if (wanted.wants(Key::kPrincipalTag)) add_principal_tags(ctx, lookups, context, session);
  if (!session) return;
  // Long-term keys carry no MFA keys at all; temporary ones say whether MFA was used.
  if (wanted.wants(Key::kTokenIssueTime))
    context.set("aws:TokenIssueTime", format_iso8601(session->create_date));
  if (wanted.wants(Key::kMultiFactorAuthPresent))
    context.set("aws:MultiFactorAuthPresent", session->mfa_authenticated ? "true" : "false");
  if (session->mfa_authenticated && wanted.wants(Key::kMultiFactorAuthAge))
    context.set("aws:MultiFactorAuthAge", std::to_string(ctx.now - session->create_date));
  if (session->source_identity && wanted.wants(Key::kSourceIdentity))
    context.set("aws:SourceIdentity", *session->source_identity);
}

void add_request_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                      const policy::ReferencedKeys& wanted, policy::ContextKeys& context) {
  if (wanted.wants(Key::kCurrentTime)) context.set("aws:CurrentTime", format_iso8601(ctx.now));
  if (wanted.wants(Key::kEpochTime)) context.set("aws:EpochTime", std::to_string(ctx.now));
  if (wanted.wants(Key::kRequestedRegion)) context.set("aws:RequestedRegion", ctx.region);
  if (wanted.wants(Key::kSecureTransport)) context.set("aws:SecureTransport", "false");
  if (!ctx.source_ip.empty() && wanted.wants(Key::kSourceIp))
    context.set("aws:SourceIp", ctx.source_ip);

  const bool tag_keys = wanted.wants(Key::kTagKeys);
  if (ctx.optional_param("Tags.member.1.Key") && (tag_keys || wanted.wants(Key::kRequestTag))) {
    std::vector<std::string> keys;
    // Tags.member.N.Key/Value in request order (as iam/tag_support.hpp reads them).
    for (auto& tag : ctx.params.struct_list("Tags", {"Key", "Value"})) {
      std::string key = tag[0].value_or("");
      context.set("aws:RequestTag/" + key, tag[1].value_or(""));
      keys.push_back(std::move(key));
    }
    context.set("aws:TagKeys", std::move(keys));
  }
  // UntagX names the keys it removes.
  if (tag_keys) add_list(ctx, "TagKeys.member.", "aws:TagKeys", context);
  if (wanted.wants(Key::kPermissionsBoundary))
    add_param(ctx, "PermissionsBoundary", "iam:PermissionsBoundary", context);
  if (wanted.wants(Key::kPolicyArn)) add_param(ctx, "PolicyArn", "iam:PolicyARN", context);
  if (wanted.wants(Key::kExternalId)) add_param(ctx, "ExternalId", "sts:ExternalId", context);
  if (wanted.wants(Key::kRoleSessionName))
    add_param(ctx, "RoleSessionName", "sts:RoleSessionName", context);
  if (wanted.wants(Key::kStsSourceIdentity))
    add_param(ctx, "SourceIdentity", "sts:SourceIdentity", context);
  if (wanted.wants(Key::kTransitiveTagKeys))
    add_list(ctx, "TransitiveTagKeys.member.", "sts:TransitiveTagKeys", context);

  // The tags of the user or role the request acts on.
  const bool aws_tags = wanted.wants(Key::kAwsResourceTag);
  const bool iam_tags = wanted.wants(Key::kIamResourceTag);
  if (!aws_tags && !iam_tags) return;
  static const std::vector<storage::TagRow> kNoTags;
  const std::vector<storage::TagRow>* resource_tags = &kNoTags;
  if (const std::string* name = ctx.optional_param("UserName")) {
    if (const auto& user = lookups.user(ctx.account(), *name))
      resource_tags = &lookups.tags(storage::TagTarget::kUser, user->row);
  } else if (const std::string* role_name = ctx.optional_param("RoleName")) {
    if (const auto& role = lookups.role(ctx.account(), *role_name))
      resource_tags = &lookups.tags(storage::TagTarget::kRole, role->row);
  }
  if (aws_tags) add_tags(context, "aws:ResourceTag/", *resource_tags);
  if (iam_tags) add_tags(context, "iam:ResourceTag/", *resource_tags);
}

}  // namespace localiam::api
