#include "iam/instance_profile_shape.hpp"

#include "iam/handler_support.hpp"
#include "iam/tag_support.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

void write_instance_profile(RequestContext& ctx, XmlNode& node,
                            const storage::InstanceProfileRow& profile,
                            const std::vector<storage::TagRow>* tags, EmptyTags empty_tags) {
  node.text("Path", profile.path)
      .text("InstanceProfileName", profile.name)
      .text("InstanceProfileId", profile.profile_id)
      .text("Arn", arn::entity(ctx.partition, profile.account_id, "instance-profile", profile.path,
                               profile.name))
      .timestamp("CreateDate", profile.create_date);
  XmlNode& roles = node.list("Roles");
  storage::RoleRepository role_repo(ctx.db);
  for (const std::string& name :
       storage::InstanceProfileRepository(ctx.db).role_names(profile.row)) {
    if (auto role = role_repo.find(profile.account_id, name)) {
      role->description.reset();  // AWS leaves it out here, even when the role has one (recorded)
      write_role(roles.member(), ctx.partition, *role, RoleView::kCreate);
    }
  }
  if (tags && (!tags->empty() || empty_tags == EmptyTags::kWrite)) write_tags(node, *tags);
}

}  // namespace localiam::api
