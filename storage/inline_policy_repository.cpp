#include "storage/inline_policy_repository.hpp"

#include "storage/page_reader.hpp"

namespace localiam::storage {

namespace {

const char* kind(InlineTarget target) {
  switch (target) {
    case InlineTarget::kUser:
      return "user";
    case InlineTarget::kGroup:
      return "group";
    case InlineTarget::kRole:
      return "role";
  }
  return "?";
}

}  // namespace

std::optional<InlinePolicyRow> InlinePolicyRepository::find(InlineTarget target, int64_t entity_row,
                                                            std::string_view name) {
  Statement s = db_.prepare(
      "SELECT name, document FROM inline_policies WHERE entity_kind = ? AND entity_row = ? AND "
      "name = ?");
  s.bind(1, kind(target)).bind(2, entity_row).bind(3, name);
  if (!s.step()) return std::nullopt;
  return InlinePolicyRow{s.text(0), s.text(1)};
}

std::vector<InlinePolicyRow> InlinePolicyRepository::all(InlineTarget target, int64_t entity_row) {
  Statement s = db_.prepare(
      "SELECT name, document FROM inline_policies WHERE entity_kind = ? AND entity_row = ? "
      "ORDER BY name");
  s.bind(1, kind(target)).bind(2, entity_row);
  std::vector<InlinePolicyRow> out;
  while (s.step()) out.push_back(InlinePolicyRow{s.text(0), s.text(1)});
  return out;
}

Page<std::string> InlinePolicyRepository::names(InlineTarget target, int64_t entity_row,
                                                std::string_view after, int limit) {
  Statement s = db_.prepare(
      "SELECT name FROM inline_policies WHERE entity_kind = ? AND entity_row = ? AND name > ? "
      "ORDER BY name LIMIT ?");
  s.bind(1, kind(target))
      .bind(2, entity_row)
      .bind(3, after)
      .bind(4, static_cast<int64_t>(limit) + 1);
  return read_page<std::string>(s, limit, [](const Statement& st) { return st.text(0); });
}

int64_t InlinePolicyRepository::count(InlineTarget target, int64_t entity_row) {
  Statement s =
      db_.prepare("SELECT count(*) FROM inline_policies WHERE entity_kind = ? AND entity_row = ?");
  s.bind(1, kind(target)).bind(2, entity_row);
  s.step();
  return s.integer(0);
}

void InlinePolicyRepository::put(InlineTarget target, std::string_view account_id,
                                 int64_t entity_row, std::string_view name,
                                 std::string_view document) {
  db_.prepare(
         "INSERT INTO inline_policies (account_id, entity_kind, entity_row, name, document) "
         "VALUES (?,?,?,?,?) ON CONFLICT (entity_kind, entity_row, name) "
         "DO UPDATE SET document = excluded.document")
      .bind(1, account_id)
      .bind(2, kind(target))
      .bind(3, entity_row)
      .bind(4, name)
      .bind(5, document)
      .run();
}

bool InlinePolicyRepository::remove(InlineTarget target, int64_t entity_row,
                                    std::string_view name) {
  db_.prepare("DELETE FROM inline_policies WHERE entity_kind = ? AND entity_row = ? AND name = ?")
      .bind(1, kind(target))
      .bind(2, entity_row)
      .bind(3, name)
      .run();
  return db_.changes() > 0;
}

}  // namespace localiam::storage
