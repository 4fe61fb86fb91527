// The InstanceProfile element as IAM writes it (GetInstanceProfile, ListInstanceProfiles,
// ListInstanceProfilesForRole, and RoleDetail's InstanceProfileList in
// GetAccountAuthorizationDetails): its roles as CreateRole shows a role (no description, no
// MaxSessionDuration), and its tags when given.
#pragma once

#include <vector>

#include "auth/service_context.hpp"
#include "query/xml_writer.hpp"
#include "storage/instance_profile_repository.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

// Tags are written when `tags` is given and not empty; with EmptyTags::kWrite an empty
// `<Tags/>` too (GetInstanceProfile always has the element, so clients see `Tags: []`, while
// CreateInstanceProfile without tags and the lists have none: recorded from AWS).
enum class EmptyTags { kOmit, kWrite };
void write_instance_profile(RequestContext& ctx, XmlNode& node,
                            const storage::InstanceProfileRow& profile,
                            const std::vector<storage::TagRow>* tags,
                            EmptyTags empty_tags = EmptyTags::kOmit);

}  // namespace localiam::api
