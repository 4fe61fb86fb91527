#include "storage/boundary_repository.hpp"

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/role_repository.hpp"

using namespace localiam::storage;

namespace {

constexpr const char* kAccount = "000000000000";
constexpr const char* kArn = "arn:aws:iam::000000000000:policy/fence";

std::vector<std::string> names(const Page<EntityRef>& page) {
  std::vector<std::string> out;
  for (const auto& e : page.items) out.push_back(e.name);
  return out;
}

UserRow add_user(Database& db, const std::string& name) {
  UserRow user{0, kAccount, name, "AIDA" + name, "/", 1};
  UserRepository(db).insert(user);
  return user;
}

}  // namespace

TEST_CASE("boundaries: put, replace, count, list by name, removed with their user",
          "[storage][boundaries]") {
  Database db(":memory:");
  auto lock = db.lock();
  BoundaryRepository repo(db);
  const UserRow b = add_user(db, "b");
  const UserRow a = add_user(db, "a");
  const UserRow c = add_user(db, "c");
  CHECK_FALSE(user_permissions_boundary(db, a));
  for (const UserRow* u : {&a, &b, &c}) repo.put(BoundaryTarget::kUser, u->row, kAccount, kArn);
  CHECK(user_permissions_boundary(db, a) == std::string(kArn));
  CHECK(repo.usage_count(kAccount, kArn) == 3);
  // Roles are separate: the same row number of a role has no boundary.
  CHECK_FALSE(repo.find(BoundaryTarget::kRole, a.row));

  auto first = repo.entities(BoundaryTarget::kUser, kAccount, kArn, {"/", "", 2});
  CHECK(names(first) == std::vector<std::string>{"a", "b"});
  CHECK(first.truncated);
  auto rest = repo.entities(BoundaryTarget::kUser, kAccount, kArn, {"/", "b", 2});
  CHECK(names(rest) == std::vector<std::string>{"c"});
  CHECK_FALSE(rest.truncated);

  repo.put(BoundaryTarget::kUser, b.row, kAccount, "arn:aws:iam::aws:policy/ReadOnlyAccess");
  CHECK(repo.usage_count(kAccount, kArn) == 2);
  repo.remove(BoundaryTarget::kUser, a.row);
  CHECK(repo.usage_count(kAccount, kArn) == 1);
  UserRepository(db).remove(c.row);
  CHECK(repo.usage_count(kAccount, kArn) == 0);
  CHECK_FALSE(repo.find(BoundaryTarget::kUser, c.row));
}
