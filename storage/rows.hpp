// Rows of the entity tables as plain structs, and a page of list results. Timestamps are
// epoch seconds. `row` is the SQLite rowid that links tables; IAM never sees it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace localiam::storage {

struct UserRow {
  int64_t row = 0;
  std::string account_id, name, user_id, path;
  int64_t create_date = 0;
};

struct GroupRow {
  int64_t row = 0;
  std::string account_id, name, group_id, path;
  int64_t create_date = 0;
};

struct RoleRow {
  int64_t row = 0;
  std::string account_id, name, role_id, path, trust_policy;
  std::optional<std::string> description;
  int64_t max_session_duration = 3600;
  int64_t create_date = 0;
  std::optional<int64_t> last_used_date;
  std::optional<std::string> last_used_region;
};

struct PolicyRow {
  int64_t row = 0;
  std::string account_id, name, policy_id, path, arn;
  std::optional<std::string> description;
  std::string default_version;
  int64_t next_version = 2;
  int64_t create_date = 0, update_date = 0;
};

struct PolicyVersionRow {
  std::string version_id, document;
  int64_t create_date = 0;
};

struct AccessKeyRow {
  std::string access_key_id, account_id;
  int64_t user_row = 0;
  std::string user_name, secret, status;
  int64_t create_date = 0;
};

// A session tag (AssumeRole, GetFederationToken).
struct SessionTag {
  std::string key, value;
};

// Temporary credentials issued by STS.
struct SessionRow {
  std::string access_key_id, account_id, secret, session_token;
  std::string kind;          // "assumed-role", "federated-user", "user", "root"
  std::string arn;           // the caller ARN the session acts as
  std::string principal_id;  // GetCallerIdentity UserId, e.g. "AROA…:session"
  // role_name: the role (assumed-role) or the IAM user (user); session_name: the role
  // session name (assumed-role) or the federated user's name (federated-user).
  std::optional<std::string> role_name, session_name;
  std::string source_arn;  // who asked for these credentials
  std::optional<std::string> session_policy;
  int64_t create_date = 0, expiration = 0;
  std::vector<SessionTag> tags;
  std::vector<std::string> transitive_tag_keys;  // as given (their case), subset of tags
  std::vector<std::string> policy_arns;          // managed session policies
  std::optional<std::string> source_identity;
  bool mfa_authenticated = false;  // GetSessionToken with SerialNumber and TokenCode
  // GetScopedCredentials: every scope-down policy of the chain, outermost call last; each one
  // must allow a request on its own (they intersect).
  std::vector<std::string> scope_policies;
};

// One page of a list: `items` in order, `truncated` when more follow the last item.
template <typename T>
struct Page {
  std::vector<T> items;
  bool truncated = false;
};

}  // namespace localiam::storage
