// Tags of users, roles and customer managed policies: Tag/Untag/List User/Role/Policy tags.
// Untagging a key that is not there is not an error. AWS managed policies have no tags.
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "iam/tag_support.hpp"
#include "query/param_presets.hpp"
#include "storage/policy_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

namespace {

using storage::TagTarget;

// The row of the entity the request names; NoSuchEntity with AWS's words when absent.
// `aws_managed` is set (and the row 0) for an AWS managed policy, which has no stored tags.
Result<int64_t> require_taggable(RequestContext& ctx, TagTarget target,
                                 bool* aws_managed = nullptr) {
  switch (target) {
    case TagTarget::kUser: {
      ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, ctx.param("UserName")));
      return user.row;
    }
    case TagTarget::kRole: {
      ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, ctx.param("RoleName")));
      return role.row;
    }
    case TagTarget::kPolicy: {
      const std::string& arn = ctx.param("PolicyArn");
      RETURN_IF_ERROR(check_arn(arn));
      auto policy = find_managed_policy(ctx, arn);
      if (!policy || (policy->aws_managed && !aws_managed))
        return errors::NoSuchEntity("Policy " + arn + " was not found.");
      if (aws_managed) *aws_managed = policy->aws_managed;
      return policy->row;
    }
    case TagTarget::kMfaDevice:          // tagged by iam_mfa_devices.cpp
    case TagTarget::kServerCertificate:  // tagged by iam_server_certificates.cpp
    case TagTarget::kOidcProvider:       // tagged by iam_oidc_providers.cpp
    case TagTarget::kSamlProvider:       // tagged by iam_saml_providers.cpp
    case TagTarget::kInstanceProfile:    // tagged by iam_instance_profiles.cpp
      break;
  }
  return errors::InternalFailure("unknown tag target");
}

Result<XmlNode> tag(RequestContext& ctx, TagTarget target) {
  const auto tags = tags_param(ctx);
  RETURN_IF_ERROR(check_duplicate_tags(target, tags));
  ASSIGN_OR_RETURN(int64_t row, require_taggable(ctx, target));
  RETURN_IF_ERROR(add_tags(ctx, target, row, tags));
  return XmlNode();
}

Result<XmlNode> untag(RequestContext& ctx, TagTarget target) {
  ASSIGN_OR_RETURN(int64_t row, require_taggable(ctx, target));
  storage::TagRepository repo(ctx.db);
  for (const std::string& key : ctx.params.list("TagKeys"))
    repo.remove(target, row, key, tag_keys_ignore_case(target));
  return XmlNode();
}

// Tags in listing order (shorter keys first, then by key); the marker position is the last
// key shown.
Result<XmlNode> list(RequestContext& ctx, TagTarget target) {
  bool aws_managed = false;
  ASSIGN_OR_RETURN(int64_t row, require_taggable(ctx, target, &aws_managed));
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  storage::Page<storage::TagRow> page;
  if (!aws_managed) page = storage::TagRepository(ctx.db).page(target, row, after, max_items(ctx));
  XmlNode result;
  write_tags(result, page.items);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().key);
  return result;
}

Result<XmlNode> TagUser(RequestContext& ctx) { return tag(ctx, TagTarget::kUser); }
Result<XmlNode> UntagUser(RequestContext& ctx) { return untag(ctx, TagTarget::kUser); }
Result<XmlNode> ListUserTags(RequestContext& ctx) { return list(ctx, TagTarget::kUser); }
Result<XmlNode> TagRole(RequestContext& ctx) { return tag(ctx, TagTarget::kRole); }
Result<XmlNode> UntagRole(RequestContext& ctx) { return untag(ctx, TagTarget::kRole); }
Result<XmlNode> ListRoleTags(RequestContext& ctx) { return list(ctx, TagTarget::kRole); }
Result<XmlNode> TagPolicy(RequestContext& ctx) { return tag(ctx, TagTarget::kPolicy); }
Result<XmlNode> UntagPolicy(RequestContext& ctx) { return untag(ctx, TagTarget::kPolicy); }
Result<XmlNode> ListPolicyTags(RequestContext& ctx) { return list(ctx, TagTarget::kPolicy); }

}  // namespace

void add_tag_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule user = required(existing_user_name());
  const ParamRule role = role_name();
  const ParamRule policy = arn("PolicyArn");
  const auto tagging = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, required(tags())};
  };
  const auto untagging = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, tag_keys()};
  };
  const auto listing = [](ParamRule entity) {
    return std::vector<ParamRule>{entity, marker(), max_items()};
  };
  table.insert(table.end(), {
                                {.name = "TagUser",
                                 .service = iam,
                                 .handler = TagUser,
                                 .rules = tagging(user),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "UntagUser",
                                 .service = iam,
                                 .handler = UntagUser,
                                 .rules = untagging(user),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "ListUserTags",
                                 .service = iam,
                                 .handler = ListUserTags,
                                 .rules = listing(user),
                                 .resource = resource::entity("user", "UserName")},
                                {.name = "TagRole",
                                 .service = iam,
                                 .handler = TagRole,
                                 .rules = tagging(role),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "UntagRole",
                                 .service = iam,
                                 .handler = UntagRole,
                                 .rules = untagging(role),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "ListRoleTags",
                                 .service = iam,
                                 .handler = ListRoleTags,
                                 .rules = listing(role),
                                 .resource = resource::entity("role", "RoleName")},
                                {.name = "TagPolicy",
                                 .service = iam,
                                 .handler = TagPolicy,
                                 .rules = tagging(policy),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::arn("PolicyArn")},
                                {.name = "UntagPolicy",
                                 .service = iam,
                                 .handler = UntagPolicy,
                                 .rules = untagging(policy),
                                 .has_result = false,
                                 .writes = true,
                                 .resource = resource::arn("PolicyArn")},
                                {.name = "ListPolicyTags",
                                 .service = iam,
                                 .handler = ListPolicyTags,
                                 .rules = listing(policy),
                                 .resource = resource::arn("PolicyArn")},
                            });
}

}  // namespace localiam::api
