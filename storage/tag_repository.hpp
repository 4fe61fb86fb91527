// Tags of taggable IAM entities (users, roles, managed policies, MFA devices, server
// certificates, OIDC and SAML providers), keyed by the entity's row.
// Keys are unique per entity, compared case-insensitively or exactly as the caller says; lists
// come in IAM's order (shorter keys first, then by key). Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

enum class TagTarget {
  kUser,
  kRole,
  kPolicy,
  kMfaDevice,
  kServerCertificate,
  kOidcProvider,
  kSamlProvider,
  kInstanceProfile
};

struct TagRow {
  std::string key, value;
  bool operator==(const TagRow&) const = default;
};

class TagRepository {
 public:
  explicit TagRepository(Database& db) : db_(db) {}

  // All tags of the entity, in listing order.
  std::vector<TagRow> list(TagTarget target, int64_t entity_row);
  // Tags after the key `after` ("" = from the start), at most `limit`.
  Page<TagRow> page(TagTarget target, int64_t entity_row, std::string_view after, int limit);
  int64_t count(TagTarget target, int64_t entity_row);
  // Whether a tag with this key exists (ignoring ASCII case when ignore_case).
  bool has(TagTarget target, int64_t entity_row, std::string_view key, bool ignore_case);
  // Sets the tag `key` to `value`. A tag whose key matches (ignoring ASCII case when
  // ignore_case) is replaced, and the stored key takes the new spelling.
  void put(TagTarget target, std::string_view account_id, int64_t entity_row, std::string_view key,
           std::string_view value, bool ignore_case);
  // Removes the tag `key`; returns whether one was removed.
  bool remove(TagTarget target, int64_t entity_row, std::string_view key, bool ignore_case);
  // Removes every tag of the entity (when the entity is deleted).
  void remove_all(TagTarget target, int64_t entity_row);

 private:
  Database& db_;
};

}  // namespace localiam::storage
