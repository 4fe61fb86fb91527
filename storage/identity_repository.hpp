// Users, groups and group membership of an account. Names are matched case-insensitively,
// as IAM does; lists are ordered by name and paged by the last name seen (keyset paging,
// so a page costs the same wherever it is). Callers hold Database::lock().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

struct ListQuery {
  std::string_view path_prefix = "/";  // only entities whose path starts with this
  std::string_view after;              // names strictly after this one ("" = from the start)
  int limit = 100;
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}
  std::optional<UserRow> find(std::string_view account_id, std::string_view name);
  std::optional<UserRow> find_by_row(int64_t row);
  // Inserts and fills user.row. The caller has checked that the name is free.
  void insert(UserRow& user);
  // Stores user.name and user.path (UpdateUser). The caller has checked that the name is free.
  void update(const UserRow& user);
  void remove(int64_t row);
  Page<UserRow> list(std::string_view account_id, const ListQuery& query);
  int64_t count(std::string_view account_id);
  // The account's users with an inline or attached policy, or in a group, by name (the
  // console's who-can).
  std::vector<UserRow> with_policies(std::string_view account_id);

 private:
  Database& db_;
};

class GroupRepository {
 public:
  explicit GroupRepository(Database& db) : db_(db) {}
  std::optional<GroupRow> find(std::string_view account_id, std::string_view name);
  void insert(GroupRow& group);
  // Stores group.name and group.path (UpdateGroup). The caller has checked that the name is free.
  void update(const GroupRow& group);
  void remove(int64_t row);
  Page<GroupRow> list(std::string_view account_id, const ListQuery& query);
  int64_t count(std::string_view account_id);

  // Membership. add_member is idempotent; remove_member returns whether a row was removed.
  void add_member(int64_t group_row, int64_t user_row);
  bool remove_member(int64_t group_row, int64_t user_row);
  int64_t member_count(int64_t group_row);
  int64_t group_count_for_user(int64_t user_row);
  Page<UserRow> members(int64_t group_row, std::string_view after, int limit);
  Page<GroupRow> groups_for_user(int64_t user_row, std::string_view after, int limit);

 private:
  Database& db_;
};

}  // namespace localiam::storage
