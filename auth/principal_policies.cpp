#include "auth/principal_policies.hpp"

#include "common/arn.hpp"
#include "data/managed_policy_catalog.hpp"
#include "policy/policy_cache.hpp"
#include "storage/boundary_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api {

namespace {

using storage::AttachmentTarget;
using storage::InlineTarget;

LoadedPolicy make(std::string id, policy::SourceType type, std::string document) {
  LoadedPolicy p;
  p.id = std::move(id);
  p.type = type;
  p.compiled = policy::compiled_policy_for(document);
  p.document = std::move(document);
  return p;
}

void add_entity(storage::Database& db, InlineTarget inline_target, AttachmentTarget attached,
                int64_t row, policy::SourceType inline_type, PrincipalPolicies& out) {
  for (auto& p : storage::InlinePolicyRepository(db).all(inline_target, row)) {
    out.identity.push_back(make(std::move(p.name), inline_type, std::move(p.document)));
  }
  for (const std::string& arn : storage::PolicyRepository(db).attached_arns(attached, row)) {
    if (auto p = load_managed_policy(db, arn)) out.identity.push_back(std::move(*p));
  }
}

}  // namespace

std::optional<LoadedPolicy> load_managed_policy(storage::Database& db, const std::string& arn) {
  if (arn::is_aws_managed_policy(arn)) {
    const auto* p = data::ManagedPolicyCatalog::instance().find_by_arn(arn);
    if (!p) return std::nullopt;
    LoadedPolicy loaded = make(p->name, policy::SourceType::kAwsManaged, p->document);
    loaded.arn = arn;
    return loaded;
  }
  storage::PolicyRepository repo(db);
  auto row = repo.find_by_arn(arn);
  if (!row) return std::nullopt;
  auto version = repo.version(row->row, row->default_version);
  if (!version) return std::nullopt;
  LoadedPolicy loaded =
      make(row->name, policy::SourceType::kUserManaged, std::move(version->document));
  loaded.arn = arn;
  return loaded;
}

PrincipalPolicies load_user_policies(storage::Database& db, const storage::UserRow& user) {
  PrincipalPolicies out;
  add_entity(db, InlineTarget::kUser, AttachmentTarget::kUser, user.row, policy::SourceType::kUser,
             out);
  if (auto arn = storage::user_permissions_boundary(db, user)) {
    if (auto p = load_managed_policy(db, *arn)) out.boundary.push_back(std::move(*p));
  }
  storage::GroupRepository groups(db);
  std::string after;
  while (true) {
    auto page = groups.groups_for_user(user.row, after, 100);
    for (const auto& g : page.items) {
      const size_t first = out.identity.size();
      add_entity(db, InlineTarget::kGroup, AttachmentTarget::kGroup, g.row,
                 policy::SourceType::kGroup, out);
      for (size_t i = first; i < out.identity.size(); ++i) out.identity[i].group = g.name;
    }
    if (!page.truncated || page.items.empty()) break;
    after = page.items.back().name;
  }
  return out;
}

PrincipalPolicies load_role_policies(storage::Database& db, const storage::RoleRow& role) {
  PrincipalPolicies out;
  add_entity(db, InlineTarget::kRole, AttachmentTarget::kRole, role.row, policy::SourceType::kRole,
             out);
  if (auto arn = storage::role_permissions_boundary(db, role)) {
    if (auto p = load_managed_policy(db, *arn)) out.boundary.push_back(std::move(*p));
  }
  return out;
}

PrincipalPolicies load_group_policies(storage::Database& db, const storage::GroupRow& group) {
  PrincipalPolicies out;
  add_entity(db, InlineTarget::kGroup, AttachmentTarget::kGroup, group.row,
             policy::SourceType::kGroup, out);
  return out;
}

std::vector<policy::PolicyInput> policy_inputs(const std::vector<LoadedPolicy>& policies) {
  std::vector<policy::PolicyInput> out;
  out.reserve(policies.size());
  for (const LoadedPolicy& p : policies) out.push_back({p.compiled.get(), p.id, p.type});
  return out;
}

}  // namespace localiam::api
