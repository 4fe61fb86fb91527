#include "iam/tag_support.hpp"

#include <set>
#include <string>

#include "common/ascii.hpp"
#include "iam/handler_support.hpp"

namespace localiam::api {

namespace {

// SQLite's NOCASE folds ASCII only; the duplicate check folds the same way so that both
// agree on which keys are "the same".
std::string fold(std::string_view key) { return ascii::to_lower(key); }

}  // namespace

bool tag_keys_ignore_case(storage::TagTarget target) {
  return target != storage::TagTarget::kPolicy;
}

std::vector<storage::TagRow> tags_param(const RequestContext& ctx) {
  std::vector<storage::TagRow> tags;
  for (auto& item : ctx.params.struct_list("Tags", {"Key", "Value"}))
    tags.push_back(storage::TagRow{item[0].value_or(""), item[1].value_or("")});
  return tags;
}

Status check_duplicate_tags(storage::TagTarget target, const std::vector<storage::TagRow>& tags) {
  const bool ignore_case = tag_keys_ignore_case(target);
  std::set<std::string, std::less<>> seen;
  for (const auto& tag : tags) {
    if (seen.insert(ignore_case ? fold(tag.key) : tag.key).second) continue;
    return errors::InvalidInput(
        ignore_case ? "Duplicate tag keys found. Please note that Tag keys are case insensitive."
                    : "Duplicate tag keys found.");
  }
  return ok_status();
}

Status add_tags(RequestContext& ctx, storage::TagTarget target, int64_t entity_row,
                const std::vector<storage::TagRow>& tags) {
  if (tags.empty()) return ok_status();
  const bool ignore_case = tag_keys_ignore_case(target);
  storage::TagRepository repo(ctx.db);
  int64_t total = repo.count(target, entity_row);
  for (const auto& tag : tags)
    if (!repo.has(target, entity_row, tag.key, ignore_case)) ++total;
  if (total > kTagsPerEntity)
    return errors::LimitExceeded("The number of tags has reached the maximum limit.");
  for (const auto& tag : tags)
    repo.put(target, ctx.account(), entity_row, tag.key, tag.value, ignore_case);
  return ok_status();
}

void write_tags(XmlNode& parent, const std::vector<storage::TagRow>& tags) {
  XmlNode& list = parent.list("Tags");
  for (const auto& tag : tags) list.member().text("Key", tag.key).text("Value", tag.value);
}

void untag_from_param(RequestContext& ctx, storage::TagTarget target, int64_t entity_row) {
  storage::TagRepository repo(ctx.db);
  for (const std::string& key : ctx.params.list("TagKeys"))
    repo.remove(target, entity_row, key, tag_keys_ignore_case(target));
}

Result<XmlNode> list_tags_page(RequestContext& ctx, storage::TagTarget target, int64_t entity_row) {
  ASSIGN_OR_RETURN(std::string after, marker_position(ctx));
  auto page = storage::TagRepository(ctx.db).page(target, entity_row, after, max_items(ctx));
  XmlNode result;
  write_tags(result, page.items);
  add_paging(result, page.truncated, page.items.empty() ? "" : page.items.back().key);
  return result;
}

}  // namespace localiam::api
