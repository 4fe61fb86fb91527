#include "storage/inline_policy_repository.hpp"

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/schema.hpp"

using namespace localiam::storage;

TEST_CASE("inline policies are replaced by name and listed in pages", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  InlinePolicyRepository policies(db);
  for (const char* name : {"p3", "p1", "p2"})
    policies.put(InlineTarget::kUser, "000000000000", 4, name, std::string("{") + name + "}");
  policies.put(InlineTarget::kUser, "000000000000", 4, "p1", "{new}");
  CHECK(policies.find(InlineTarget::kUser, 4, "p1")->document == "{new}");
  CHECK_FALSE(policies.find(InlineTarget::kUser, 4, "P1").has_value());   // names are exact
  CHECK_FALSE(policies.find(InlineTarget::kGroup, 4, "p1").has_value());  // kinds are separate
  CHECK(policies.count(InlineTarget::kUser, 4) == 3);
  CHECK(policies.all(InlineTarget::kUser, 4).at(2).name == "p3");

  auto first = policies.names(InlineTarget::kUser, 4, "", 2);
  CHECK(first.items == std::vector<std::string>{"p1", "p2"});
  CHECK(first.truncated);
  auto rest = policies.names(InlineTarget::kUser, 4, "p2", 2);
  CHECK(rest.items == std::vector<std::string>{"p3"});
  CHECK_FALSE(rest.truncated);

  CHECK(policies.remove(InlineTarget::kUser, 4, "p2"));
  CHECK_FALSE(policies.remove(InlineTarget::kUser, 4, "p2"));
  CHECK(policies.count(InlineTarget::kUser, 4) == 2);
}

TEST_CASE("clear_all empties the inline policy and tag tables too", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  InlinePolicyRepository(db).put(InlineTarget::kRole, "000000000000", 1, "p", "{}");
  db.clear_all();
  CHECK(InlinePolicyRepository(db).count(InlineTarget::kRole, 1) == 0);
  bool listed = false;
  for (const char* table : entity_tables_children_first())
    listed = listed || std::string(table) == "tags";
  CHECK(listed);
}
