#include "storage/tag_repository.hpp"

#include <catch2/catch.hpp>

#include "storage/database.hpp"

using namespace localiam::storage;

namespace {

std::vector<std::string> keys(const std::vector<TagRow>& tags) {
  std::vector<std::string> out;
  for (const auto& t : tags) out.push_back(t.key);
  return out;
}

}  // namespace

TEST_CASE("tags list shorter keys first, then by key", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  TagRepository tags(db);
  for (const char* key : {"abc", "b", "z", "a", "A"})
    tags.put(TagTarget::kPolicy, "000000000000", 1, key, "v", false);
  CHECK(keys(tags.list(TagTarget::kPolicy, 1)) ==
        std::vector<std::string>{"A", "a", "b", "z", "abc"});
  CHECK(tags.count(TagTarget::kPolicy, 1) == 5);
  // Other entities and other kinds are separate.
  CHECK(tags.list(TagTarget::kPolicy, 2).empty());
  CHECK(tags.list(TagTarget::kUser, 1).empty());

  auto first = tags.page(TagTarget::kPolicy, 1, "", 2);
  CHECK(keys(first.items) == std::vector<std::string>{"A", "a"});
  CHECK(first.truncated);
  auto second = tags.page(TagTarget::kPolicy, 1, "a", 2);
  CHECK(keys(second.items) == std::vector<std::string>{"b", "z"});
  CHECK(second.truncated);
  auto last = tags.page(TagTarget::kPolicy, 1, "z", 2);
  CHECK(keys(last.items) == std::vector<std::string>{"abc"});
  CHECK_FALSE(last.truncated);
}

TEST_CASE("case-insensitive tags are replaced by a key of another case", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  TagRepository tags(db);
  tags.put(TagTarget::kRole, "000000000000", 7, "somekey", "old", true);
  CHECK(tags.has(TagTarget::kRole, 7, "SOMEKEY", true));
  CHECK_FALSE(tags.has(TagTarget::kRole, 7, "SOMEKEY", false));
  tags.put(TagTarget::kRole, "000000000000", 7, "Somekey", "new", true);
  CHECK(tags.list(TagTarget::kRole, 7) == std::vector<TagRow>{{"Somekey", "new"}});

  // Exact keys (policies) keep both spellings.
  tags.put(TagTarget::kPolicy, "000000000000", 7, "k", "1", false);
  tags.put(TagTarget::kPolicy, "000000000000", 7, "K", "2", false);
  CHECK(tags.count(TagTarget::kPolicy, 7) == 2);
  CHECK(tags.remove(TagTarget::kPolicy, 7, "k", false));
  CHECK(tags.list(TagTarget::kPolicy, 7) == std::vector<TagRow>{{"K", "2"}});

  CHECK(tags.remove(TagTarget::kRole, 7, "SOMEKEY", true));
  CHECK_FALSE(tags.remove(TagTarget::kRole, 7, "SOMEKEY", true));
  tags.put(TagTarget::kUser, "000000000000", 7, "a", "", true);
  tags.put(TagTarget::kUser, "000000000000", 7, "b", "", true);
  tags.remove_all(TagTarget::kUser, 7);
  CHECK(tags.count(TagTarget::kUser, 7) == 0);
  CHECK(tags.count(TagTarget::kPolicy, 7) == 1);
}
