#include "storage/tag_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

const char* kind(TagTarget target) {
  switch (target) {
    case TagTarget::kUser:
      return "user";
    case TagTarget::kRole:
      return "role";
    case TagTarget::kPolicy:
      return "policy";
    case TagTarget::kMfaDevice:
      return "mfa";
    case TagTarget::kServerCertificate:
      return "server-certificate";
    case TagTarget::kOidcProvider:
      return "oidc-provider";
    case TagTarget::kSamlProvider:
      return "saml-provider";
    case TagTarget::kInstanceProfile:
      return "instance-profile";
  }
  return "?";
}

TagRow read_tag(const Statement& s) { return TagRow{s.text(0), s.text(1)}; }

}  // namespace

std::vector<TagRow> TagRepository::list(TagTarget target, int64_t entity_row) {
  Statement s = db_.prepare(
      "SELECT tag_key, tag_value FROM tags WHERE entity_kind = ? AND entity_row = ? "
      "ORDER BY length(tag_key), tag_key");
  s.bind(1, kind(target)).bind(2, entity_row);
  std::vector<TagRow> tags;
  while (s.step()) tags.push_back(read_tag(s));
  return tags;
}

Page<TagRow> TagRepository::page(TagTarget target, int64_t entity_row, std::string_view after,
                                 int limit) {
  // Keyset paging in listing order: (length, key) strictly after the last key seen.
  Statement s = db_.prepare(
      "SELECT tag_key, tag_value FROM tags WHERE entity_kind = ?1 AND entity_row = ?2 AND "
      "(length(tag_key) > length(?3) OR (length(tag_key) = length(?3) AND tag_key > ?3)) "
      "ORDER BY length(tag_key), tag_key LIMIT ?4");
  s.bind(1, kind(target))
      .bind(2, entity_row)
      .bind(3, after)
      .bind(4, static_cast<int64_t>(limit) + 1);
  return read_page<TagRow>(s, limit, read_tag);
}

int64_t TagRepository::count(TagTarget target, int64_t entity_row) {
  Statement s = db_.prepare("SELECT count(*) FROM tags WHERE entity_kind = ? AND entity_row = ?");
  s.bind(1, kind(target)).bind(2, entity_row);
  s.step();
  return s.integer(0);
}

bool TagRepository::has(TagTarget target, int64_t entity_row, std::string_view key,
                        bool ignore_case) {
  Statement s = db_.prepare(
      ignore_case ? "SELECT 1 FROM tags WHERE entity_kind = ? AND entity_row = ? AND "
                    "tag_key = ? COLLATE NOCASE"
                  : "SELECT 1 FROM tags WHERE entity_kind = ? AND entity_row = ? AND tag_key = ?");
  s.bind(1, kind(target)).bind(2, entity_row).bind(3, key);
  return s.step();
}

void TagRepository::put(TagTarget target, std::string_view account_id, int64_t entity_row,
                        std::string_view key, std::string_view value, bool ignore_case) {
  remove(target, entity_row, key, ignore_case);
  db_.prepare(
         "INSERT INTO tags (account_id, entity_kind, entity_row, tag_key, tag_value) "
         "VALUES (?,?,?,?,?)")
      .bind(1, account_id)
      .bind(2, kind(target))
      .bind(3, entity_row)
      .bind(4, key)
      .bind(5, value)
      .run();
}

bool TagRepository::remove(TagTarget target, int64_t entity_row, std::string_view key,
                           bool ignore_case) {
  db_.prepare(ignore_case ? "DELETE FROM tags WHERE entity_kind = ? AND entity_row = ? AND "
                            "tag_key = ? COLLATE NOCASE"
                          : "DELETE FROM tags WHERE entity_kind = ? AND entity_row = ? AND "
                            "tag_key = ?")
      .bind(1, kind(target))
      .bind(2, entity_row)
      .bind(3, key)
      .run();
  return db_.changes() > 0;
}

void TagRepository::remove_all(TagTarget target, int64_t entity_row) {
  db_.prepare("DELETE FROM tags WHERE entity_kind = ? AND entity_row = ?")
      .bind(1, kind(target))
      .bind(2, entity_row)
      .run();
}

}  // namespace localiam::storage
