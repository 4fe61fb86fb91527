// Tags as IAM's actions take and give them: the Tags parameter in request order, AWS's
// duplicate-key and 50-per-entity rules with AWS's messages, and the <Tags> element. Keys of
// users and roles compare case-insensitively; keys of managed policies exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "auth/action.hpp"
#include "storage/tag_repository.hpp"

namespace localiam::api {

inline constexpr int64_t kTagsPerEntity = 50;

// Whether tag keys of this kind of entity are compared ignoring case.
bool tag_keys_ignore_case(storage::TagTarget target);

// The Tags parameter (Tags.member.N.Key/Value), in request order; empty when absent. The
// parameter rules have checked that every member has a Key and a Value.
std::vector<storage::TagRow> tags_param(const RequestContext& ctx);

// InvalidInput when two of `tags` share a key: "Duplicate tag keys found. Please note that
// Tag keys are case insensitive." for users and roles, "Duplicate tag keys found." for
// managed policies (whose keys are case-sensitive).
Status check_duplicate_tags(storage::TagTarget target, const std::vector<storage::TagRow>& tags);

// Adds `tags` (free of duplicates) to the entity; a tag whose key is already there replaces
// it and takes the new spelling of the key. LimitExceeded "The number of tags has reached the
// maximum limit." when the entity would end up with more than 50 tags; nothing is written then.
Status add_tags(RequestContext& ctx, storage::TagTarget target, int64_t entity_row,
                const std::vector<storage::TagRow>& tags);

// Appends <Tags> with a <member><Key/><Value/></member> per tag (an empty list when none).
void write_tags(XmlNode& parent, const std::vector<storage::TagRow>& tags);

// The bodies of Untag* and List*Tags for an entity the handler has already found: removes the
// request's TagKeys (a key that is not there is not an error); answers one Marker/MaxItems
// page of its tags.
void untag_from_param(RequestContext& ctx, storage::TagTarget target, int64_t entity_row);
Result<XmlNode> list_tags_page(RequestContext& ctx, storage::TagTarget target, int64_t entity_row);

}  // namespace localiam::api
