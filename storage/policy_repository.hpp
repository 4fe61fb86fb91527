// Customer managed policies and their versions, and managed-policy attachments to groups,
// users and roles (attachments may name AWS managed policies, which are not stored here).
// Callers hold Database::lock().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

enum class AttachmentTarget { kGroup, kUser, kRole };

// A group, user or role named in a listing of a policy's attachments.
struct EntityRef {
  std::string name, id;  // GroupName/GroupId, UserName/UserId or RoleName/RoleId
};

class PolicyRepository {
 public:
  explicit PolicyRepository(Database& db) : db_(db) {}

  std::optional<PolicyRow> find_by_arn(std::string_view arn);
  std::optional<PolicyRow> find_by_name(std::string_view account_id, std::string_view name);
  // Inserts the policy with `document` as its default version v1; fills policy.row.
  void insert(PolicyRow& policy, std::string_view document);
  // Deletes the policy and all its versions.
  void remove(int64_t row);
  std::optional<PolicyVersionRow> version(int64_t policy_row, std::string_view version_id);
  // Every version of the policy, newest (highest number) first.
  std::vector<PolicyVersionRow> versions(int64_t policy_row);
  void add_version(int64_t policy_row, const PolicyVersionRow& version);
  // Returns whether a version was removed.
  bool remove_version(int64_t policy_row, std::string_view version_id);
  // Stores default_version, next_version and update_date of `policy`.
  void update_versioning(const PolicyRow& policy);
  // Local policies, by name; only_attached keeps those with at least one attachment.
  Page<PolicyRow> list(std::string_view account_id, const ListQuery& query, bool only_attached);

  // Attachments. attach is idempotent; detach returns whether something was detached.
  void attach(AttachmentTarget target, std::string_view account_id, int64_t entity_row,
              std::string_view policy_arn);
  bool detach(AttachmentTarget target, int64_t entity_row, std::string_view policy_arn);
  bool is_attached(AttachmentTarget target, int64_t entity_row, std::string_view policy_arn);
  int64_t attached_count(AttachmentTarget target, int64_t entity_row);
  // Policy ARNs attached to the entity, sorted.
  std::vector<std::string> attached_arns(AttachmentTarget target, int64_t entity_row);
  // How many groups, users and roles of the account have this policy attached.
  int64_t attachment_count(std::string_view account_id, std::string_view policy_arn);
  // The groups, users or roles (by `target`) of the account that have this policy attached,
  // by name, paged after query.after and filtered by query.path_prefix.
  Page<EntityRef> attached_entities(AttachmentTarget target, std::string_view account_id,
                                    std::string_view policy_arn, const ListQuery& query);
  // Every distinct policy ARN attached to anything in the account.
  std::vector<std::string> attached_arns_in_account(std::string_view account_id);

 private:
  Database& db_;
};

}  // namespace localiam::storage
