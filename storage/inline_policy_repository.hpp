// Inline policies embedded in users, groups and roles, keyed by the entity's row and the
// policy name (names compared exactly). Documents are stored exactly as submitted; lists are
// ordered by name and keyset-paged. Callers hold Database::lock().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

enum class InlineTarget { kUser, kGroup, kRole };

struct InlinePolicyRow {
  std::string name, document;
};

class InlinePolicyRepository {
 public:
  explicit InlinePolicyRepository(Database& db) : db_(db) {}

  std::optional<InlinePolicyRow> find(InlineTarget target, int64_t entity_row,
                                      std::string_view name);
  // Every inline policy of the entity, by name.
  std::vector<InlinePolicyRow> all(InlineTarget target, int64_t entity_row);
  // Names after `after` ("" = from the start), at most `limit`.
  Page<std::string> names(InlineTarget target, int64_t entity_row, std::string_view after,
                          int limit);
  int64_t count(InlineTarget target, int64_t entity_row);
  // Creates the policy, or replaces the document of the one with this name.
  void put(InlineTarget target, std::string_view account_id, int64_t entity_row,
           std::string_view name, std::string_view document);
  // Returns whether a policy was removed.
  bool remove(InlineTarget target, int64_t entity_row, std::string_view name);

 private:
  Database& db_;
};

}  // namespace localiam::storage
