#include "api/request_context_keys.hpp"

#include <string>

#include "api/tag_support.hpp"
#include "common/clock.hpp"

namespace localiam::api {

namespace {

void add_tags(policy::ContextKeys& context, std::string_view prefix,
              const std::vector<storage::TagRow>& tags) {
  for (const auto& tag : tags) context.set(std::string(prefix) + tag.key, tag.value);
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

}  // namespace

void add_principal_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                        policy::ContextKeys& context) {
  static const std::optional<storage::SessionRow> kNoSession;
  const std::optional<storage::SessionRow>& session =
      ctx.caller.temporary ? lookups.session(ctx.caller.access_key_id) : kNoSession;
  add_principal_tags(ctx, lookups, context, session);
  if (!session) return;
  // Long-term keys carry no MFA keys at all; temporary ones say whether MFA was used.
  context.set("aws:TokenIssueTime", format_iso8601(session->create_date));
  context.set("aws:MultiFactorAuthPresent", session->mfa_authenticated ? "true" : "false");
  if (session->mfa_authenticated) {
    context.set("aws:MultiFactorAuthAge", std::to_string(ctx.now - session->create_date));
  }
  if (session->source_identity) context.set("aws:SourceIdentity", *session->source_identity);
}

void add_request_keys(RequestContext& ctx, AuthorizationLookups& lookups,
                      policy::ContextKeys& context) {
  if (!ctx.source_ip.empty()) context.set("aws:SourceIp", ctx.source_ip);
  const std::vector<storage::TagRow> request_tags =
      ctx.optional_param("Tags.member.1.Key") ? tags_param(ctx) : std::vector<storage::TagRow>{};
  if (!request_tags.empty()) {
    std::vector<std::string> keys;
    for (const auto& tag : request_tags) {
      context.set("aws:RequestTag/" + tag.key, tag.value);
      keys.push_back(tag.key);
    }
    context.set("aws:TagKeys", std::move(keys));
  }
  // UntagX names the keys it removes.
  add_list(ctx, "TagKeys.member.", "aws:TagKeys", context);
  if (const std::string* b = ctx.optional_param("PermissionsBoundary"))
    context.set("iam:PermissionsBoundary", *b);
  if (const std::string* arn = ctx.optional_param("PolicyArn")) context.set("iam:PolicyARN", *arn);
  add_list(ctx, "TransitiveTagKeys.member.", "sts:TransitiveTagKeys", context);

  // The tags of the user or role the request acts on.
  static const std::vector<storage::TagRow> kNoTags;
  const std::vector<storage::TagRow>* resource_tags = &kNoTags;
  if (const std::string* name = ctx.optional_param("UserName")) {
    if (const auto& user = lookups.user(ctx.account(), *name))
      resource_tags = &lookups.tags(storage::TagTarget::kUser, user->row);
  } else if (const std::string* role_name = ctx.optional_param("RoleName")) {
    if (const auto& role = lookups.role(ctx.account(), *role_name))
      resource_tags = &lookups.tags(storage::TagTarget::kRole, role->row);
  }
  add_tags(context, "aws:ResourceTag/", *resource_tags);
  add_tags(context, "iam:ResourceTag/", *resource_tags);
}

}  // namespace localiam::api
