// Service last accessed data: GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
// GetServiceLastAccessedDetailsWithEntities and ListPoliciesGrantingServiceAccess. A report
// lists the services that the permission policies of a user, group, role or managed policy
// allow (Allow statements whose actions match the service, wildcards included), with the last
// time one of the identities concerned called that service through localiam (IAM and STS, and
// the services the gateway forwards with --upstream). Reports are computed when
// read, from the access records up to the job's creation time.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/random_ids.hpp"
#include "data/managed_policy_catalog.hpp"
#include "data/service_catalog.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/wildcard.hpp"
#include "query/param_presets.hpp"
#include "storage/access_advisor_repository.hpp"
#include "storage/identity_repository.hpp"
#include "storage/inline_policy_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

// A permission policy of the entity a report is about.
struct SourcePolicy {
  std::string name;
  std::optional<std::string> arn;  // managed policies only
  std::string entity_type;         // USER, GROUP or ROLE: who holds it (inline, or attached)
  std::string entity_name;
  std::string document;
};

// An identity whose calls count towards the report (a user or a role).
struct TrackedIdentity {
  std::string id, arn, name, path, type;
};

struct ReportTarget {
  std::vector<SourcePolicy> policies;
  std::vector<TrackedIdentity> identities;
};

TrackedIdentity identity_of(arn::Partition partition, const storage::UserRow& u) {
  return {u.user_id, arn::entity(partition, u.account_id, "user", u.path, u.name), u.name, u.path,
          "USER"};
}

TrackedIdentity identity_of(arn::Partition partition, const storage::RoleRow& r) {
  return {r.role_id, arn::entity(partition, r.account_id, "role", r.path, r.name), r.name, r.path,
          "ROLE"};
}

// The default version's document of a managed policy visible to the account.
std::optional<std::string> managed_document(RequestContext& ctx, std::string_view arn) {
  if (arn::is_aws_managed_policy(arn)) {
    const auto* p = data::ManagedPolicyCatalog::instance().find_by_arn(arn);
    if (!p) return std::nullopt;
    return p->document;
  }
  storage::PolicyRepository repo(ctx.db);
  auto row = repo.find_by_arn(arn);
  if (!row) return std::nullopt;
  auto version = repo.version(row->row, row->default_version);
  if (!version) return std::nullopt;
  return version->document;
}

std::string name_after_slash(std::string_view arn) {
  return std::string(arn.substr(arn.rfind('/') + 1));
}

void add_policies_of(RequestContext& ctx, storage::InlineTarget inline_target,
                     storage::AttachmentTarget attachment_target, int64_t row,
                     const char* entity_type, const std::string& entity_name,
                     std::vector<SourcePolicy>& out) {
  for (auto& p : storage::InlinePolicyRepository(ctx.db).all(inline_target, row))
    out.push_back({p.name, std::nullopt, entity_type, entity_name, std::move(p.document)});
  for (auto& arn : storage::PolicyRepository(ctx.db).attached_arns(attachment_target, row)) {
    if (auto doc = managed_document(ctx, arn))
      out.push_back({name_after_slash(arn), arn, entity_type, entity_name, std::move(*doc)});
  }
}

std::vector<storage::GroupRow> groups_of(RequestContext& ctx, int64_t user_row) {
  return storage::GroupRepository(ctx.db).groups_for_user(user_row, "", 1000).items;
}

std::vector<storage::UserRow> members_of(RequestContext& ctx, int64_t group_row) {
  std::vector<storage::UserRow> out;
  std::string after;
  for (;;) {
    auto page = storage::GroupRepository(ctx.db).members(group_row, after, 1000);
    out.insert(out.end(), page.items.begin(), page.items.end());
    if (!page.truncated) return out;
    after = out.back().name;
  }
}

// Users and roles that have the managed policy attached, directly or through a group.
std::vector<TrackedIdentity> holders_of(RequestContext& ctx, const std::string& arn) {
  std::vector<TrackedIdentity> out;
  storage::PolicyRepository repo(ctx.db);
  auto each = [&](storage::AttachmentTarget target, auto&& visit) {
    std::string after;
    for (;;) {
      auto page = repo.attached_entities(target, ctx.account(), arn, {"/", after, 1000});
      for (const auto& e : page.items) visit(e);
      if (!page.truncated) return;
      after = page.items.back().name;
    }
  };
  auto add_user = [&](const storage::UserRow& u) {
    TrackedIdentity t = identity_of(ctx.partition, u);
    for (const auto& o : out)
      if (o.id == t.id) return;
    out.push_back(std::move(t));
  };
  each(storage::AttachmentTarget::kUser, [&](const storage::EntityRef& e) {
    if (auto u = storage::UserRepository(ctx.db).find(ctx.account(), e.name)) add_user(*u);
  });
  each(storage::AttachmentTarget::kGroup, [&](const storage::EntityRef& e) {
    if (auto g = storage::GroupRepository(ctx.db).find(ctx.account(), e.name))
      for (const auto& u : members_of(ctx, g->row)) add_user(u);
  });
  each(storage::AttachmentTarget::kRole, [&](const storage::EntityRef& e) {
    if (auto r = storage::RoleRepository(ctx.db).find(ctx.account(), e.name))
      out.push_back(identity_of(ctx.partition, *r));
  });
  return out;
}

// The entity an Arn names, with its permission policies (a user's include its groups') and
// the identities whose calls count.
Result<ReportTarget> resolve_target(RequestContext& ctx, const std::string& arn) {
  const std::string prefix = arn::iam(ctx.partition, ctx.account(), "");
  ReportTarget t;
  auto kind_is = [&](const char* kind) { return arn.starts_with(prefix + kind + "/"); };
  if (kind_is("user")) {
    ASSIGN_OR_RETURN(storage::UserRow u, require_user(ctx, name_after_slash(arn)));
    add_policies_of(ctx, storage::InlineTarget::kUser, storage::AttachmentTarget::kUser, u.row,
                    "USER", u.name, t.policies);
    for (const auto& g : groups_of(ctx, u.row))
      add_policies_of(ctx, storage::InlineTarget::kGroup, storage::AttachmentTarget::kGroup, g.row,
                      "GROUP", g.name, t.policies);
    t.identities.push_back(identity_of(ctx.partition, u));
  } else if (kind_is("group")) {
    ASSIGN_OR_RETURN(storage::GroupRow g, require_group(ctx, name_after_slash(arn)));
    add_policies_of(ctx, storage::InlineTarget::kGroup, storage::AttachmentTarget::kGroup, g.row,
                    "GROUP", g.name, t.policies);
    for (const auto& u : members_of(ctx, g.row))
      t.identities.push_back(identity_of(ctx.partition, u));
  } else if (kind_is("role")) {
    ASSIGN_OR_RETURN(storage::RoleRow r, require_role(ctx, name_after_slash(arn)));
    add_policies_of(ctx, storage::InlineTarget::kRole, storage::AttachmentTarget::kRole, r.row,
                    "ROLE", r.name, t.policies);
    t.identities.push_back(identity_of(ctx.partition, r));
  } else if (arn.starts_with(prefix + "policy/") ||
             arn.starts_with(arn::aws_managed_policy(ctx.partition, "/", ""))) {
    auto doc = managed_document(ctx, arn);
    if (!doc) return errors::NoSuchEntity("Policy " + arn + " was not found.");
    t.policies.push_back({name_after_slash(arn), arn, "", "", std::move(*doc)});
    t.identities = holders_of(ctx, arn);
  } else {
    RETURN_IF_ERROR(check_arn(arn));
    return errors::InvalidInput("The specified ARN " + arn +
                                " is not a valid IAM user, group, "
                                "role or managed policy ARN.");
  }
  return t;
}

// Whether an Allow statement of the document allows some action of `ns`.
bool grants_service(const policy::CompiledPolicy& compiled, std::string_view ns) {
  const std::string all_of_service = std::string(ns) + ":*";
  for (const auto& st : compiled.statements) {
    if (st.effect != policy::Effect::kAllow || !st.actions.present) continue;
    if (!st.actions.negated) {
      for (const auto& p : st.actions.patterns) {
        std::string_view service_part = std::string_view(p).substr(0, p.find(':'));
        if (policy::wildcard_match(service_part, ns, true)) return true;
      }
      continue;
    }
    // NotAction: every service but those it leaves out whole.
    bool excluded = false;
    for (const auto& p : st.actions.patterns)
      excluded = excluded || policy::wildcard_match(p, all_of_service, true);
    if (!excluded) return true;
  }
  return false;
}

std::vector<policy::CompiledPolicy> compile_all(const std::vector<SourcePolicy>& policies) {
  std::vector<policy::CompiledPolicy> out;
  for (const auto& p : policies) {
    auto compiled = policy::compile_policy(p.document, policy::PolicyKind::kIdentity);
    if (compiled.ok()) out.push_back(std::move(compiled).value());
  }
  return out;
}

// The last recorded access of each identity to `ns` up to `until`, most recent first.
struct IdentityAccess {
  const TrackedIdentity* identity;
  int64_t when;
  std::string region;
  std::vector<storage::ServiceAccessRow> actions;
};

std::vector<IdentityAccess> accesses(RequestContext& ctx, const ReportTarget& target,
                                     std::string_view ns, int64_t until) {
  std::vector<IdentityAccess> out;
  storage::AccessAdvisorRepository repo(ctx.db);
  for (const auto& identity : target.identities) {
    IdentityAccess a{&identity, -1, "", {}};
    for (auto& row : repo.for_entity(identity.id)) {
      if (row.service != ns || row.last_accessed > until) continue;
      if (row.last_accessed > a.when) {
        a.when = row.last_accessed;
        a.region = row.region;
      }
      a.actions.push_back(std::move(row));
    }
    if (a.when >= 0) out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const IdentityAccess& x, const IdentityAccess& y) {
    return x.when > y.when;
  });
  return out;
}

Result<storage::AccessAdvisorJob> require_job(RequestContext& ctx) {
  const std::string& id = ctx.param("JobId");
  auto job = storage::AccessAdvisorRepository(ctx.db).job(id);
  // Organizations access report jobs (iam_organizations.cpp) live in the same table.
  if (!job || job->account_id != ctx.account() || job->granularity == "ORGANIZATIONS")
    return errors::NoSuchEntity("No job found with ID " + id + ".");
  return std::move(*job);
}

// Paging by position in a list: the Marker stands for the index of the next item.
Result<size_t> index_marker(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::string position, marker_position(ctx));
  if (position.empty()) return size_t{0};
  if (!std::all_of(position.begin(), position.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return errors::ValidationError("Invalid Marker.");
  return static_cast<size_t>(std::stoull(position));
}

void add_index_paging(XmlNode& result, size_t next, size_t total) {
  result.boolean("IsTruncated", next < total);
  if (next < total) result.text("Marker", make_marker(std::to_string(next)));
}

void write_job_header(XmlNode& result, const storage::AccessAdvisorJob& job, bool with_type) {
  result.text("JobStatus", "COMPLETED");
  if (with_type) result.text("JobType", job.granularity);
  result.timestamp("JobCreationDate", job.create_date);
}

Result<XmlNode> GenerateServiceLastAccessedDetails(RequestContext& ctx) {
  const std::string& arn = ctx.param("Arn");
  RETURN_IF_ERROR(resolve_target(ctx, arn));
  storage::AccessAdvisorJob job{
      make_request_id(), ctx.account(), arn,
      ctx.optional_param("Granularity") ? ctx.param("Granularity") : "SERVICE_LEVEL", ctx.now};
  storage::AccessAdvisorRepository(ctx.db).add_job(job);
  XmlNode result;
  result.text("JobId", job.job_id);
  return result;
}

Result<XmlNode> GetServiceLastAccessedDetails(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::AccessAdvisorJob job, require_job(ctx));
  ASSIGN_OR_RETURN(size_t start, index_marker(ctx));
  ASSIGN_OR_RETURN(ReportTarget target, resolve_target(ctx, job.entity_arn));
  const auto compiled = compile_all(target.policies);
  std::vector<const data::ServiceInfo*> services;
  for (const auto& s : data::all_services()) {
    for (const auto& c : compiled) {
      if (grants_service(c, s.service_namespace)) {
        services.push_back(&s);
        break;
      }
    }
  }
  XmlNode result;
  write_job_header(result, job, true);
  XmlNode& list = result.list("ServicesLastAccessed");
  const size_t end = std::min(services.size(), start + static_cast<size_t>(max_items(ctx)));
  for (size_t i = start; i < end; ++i) {
    const auto& s = *services[i];
    XmlNode& n = list.member();
    n.text("ServiceName", std::string(s.name));
    const auto seen = accesses(ctx, target, s.service_namespace, job.create_date);
    if (!seen.empty()) n.timestamp("LastAuthenticated", seen.front().when);
    n.text("ServiceNamespace", std::string(s.service_namespace));
    if (!seen.empty()) {
      n.text("LastAuthenticatedEntity", seen.front().identity->arn)
          .text("LastAuthenticatedRegion", seen.front().region);
    }
    n.integer("TotalAuthenticatedEntities", static_cast<int64_t>(seen.size()));
    // Action-level reports track IAM's actions, and the actions of the services the gateway
    // forwarded (AWS tracks management actions of a list of services only; localiam names
    // every action it forwarded, data-plane ones included, which is what refining a policy
    // needs). STS's actions are not tracked, as on AWS.
    if (job.granularity == "ACTION_LEVEL" &&
        (s.service_namespace == "iam" || (s.service_namespace != "sts" && !seen.empty()))) {
      std::map<std::string, std::pair<const storage::ServiceAccessRow*, const TrackedIdentity*>>
          latest;
      for (const auto& a : seen)
        for (const auto& row : a.actions) {
          if (row.action.empty()) continue;  // a forwarded request whose operation was not told
          auto& slot = latest[row.action];
          if (!slot.first || row.last_accessed > slot.first->last_accessed)
            slot = {&row, a.identity};
        }
      XmlNode& tracked = n.list("TrackedActionsLastAccessed");
      for (const auto& [action, slot] : latest)
        tracked.member()
            .text("ActionName", action)
            .text("LastAccessedEntity", slot.second->arn)
            .timestamp("LastAccessedTime", slot.first->last_accessed)
            .text("LastAccessedRegion", slot.first->region);
    }
  }
  result.timestamp("JobCompletionDate", job.create_date);
  add_index_paging(result, end, services.size());
  return result;
}

Result<XmlNode> GetServiceLastAccessedDetailsWithEntities(RequestContext& ctx) {
  ASSIGN_OR_RETURN(storage::AccessAdvisorJob job, require_job(ctx));
  ASSIGN_OR_RETURN(size_t start, index_marker(ctx));
  ASSIGN_OR_RETURN(ReportTarget target, resolve_target(ctx, job.entity_arn));
  const std::string& ns = ctx.param("ServiceNamespace");
  // Identities that accessed the service first (most recent first), then the others.
  const auto seen = accesses(ctx, target, ns, job.create_date);
  std::vector<std::pair<const TrackedIdentity*, std::optional<int64_t>>> entities;
  for (const auto& a : seen) entities.push_back({a.identity, a.when});
  for (const auto& identity : target.identities) {
    bool listed = std::any_of(seen.begin(), seen.end(),
                              [&](const IdentityAccess& a) { return a.identity == &identity; });
    if (!listed) entities.push_back({&identity, std::nullopt});
  }
  XmlNode result;
  write_job_header(result, job, false);
  result.timestamp("JobCompletionDate", job.create_date);
  XmlNode& list = result.list("EntityDetailsList");
  const size_t end = std::min(entities.size(), start + static_cast<size_t>(max_items(ctx)));
  for (size_t i = start; i < end; ++i) {
    const auto& [identity, when] = entities[i];
    XmlNode& n = list.member();
    n.child("EntityInfo")
        .text("Arn", identity->arn)
        .text("Name", identity->name)
        .text("Type", identity->type)
        .text("Id", identity->id)
        .text("Path", identity->path);
    if (when) n.timestamp("LastAuthenticated", *when);
  }
  add_index_paging(result, end, entities.size());
  return result;
}

Result<XmlNode> ListPoliciesGrantingServiceAccess(RequestContext& ctx) {
  const std::string& arn = ctx.param("Arn");
  if (arn.find(":policy/") != std::string::npos)
    return errors::InvalidInput("The specified ARN " + arn +
                                " is not a valid IAM user, group or role ARN.");
  ASSIGN_OR_RETURN(ReportTarget target, resolve_target(ctx, arn));
  ASSIGN_OR_RETURN(size_t start, index_marker(ctx));
  const auto namespaces = ctx.params.list("ServiceNamespaces");
  std::vector<std::optional<policy::CompiledPolicy>> compiled;
  for (const auto& p : target.policies) {
    auto c = policy::compile_policy(p.document, policy::PolicyKind::kIdentity);
    compiled.push_back(c.ok() ? std::optional(std::move(c).value()) : std::nullopt);
  }
  // One entry per namespace asked for, 100 per page (the operation has no MaxItems).
  constexpr size_t kPage = 100;
  const size_t end = std::min(namespaces.size(), start + kPage);
  XmlNode result;
  XmlNode& list = result.list("PoliciesGrantingServiceAccess");
  for (size_t i = start; i < end; ++i) {
    XmlNode& entry = list.member();
    entry.text("ServiceNamespace", namespaces[i]);
    XmlNode& policies = entry.list("Policies");
    for (size_t k = 0; k < target.policies.size(); ++k) {
      if (!compiled[k] || !grants_service(*compiled[k], namespaces[i])) continue;
      const auto& p = target.policies[k];
      XmlNode& n = policies.member();
      n.text("PolicyName", p.name).text("PolicyType", p.arn ? "MANAGED" : "INLINE");
      if (p.arn) n.text("PolicyArn", *p.arn);
      // Inline policies name the entity they are embedded in.
      if (!p.arn) n.text("EntityType", p.entity_type).text("EntityName", p.entity_name);
    }
  }
  add_index_paging(result, end, namespaces.size());
  return result;
}

ParamRule job_id() {
  return ParamRule{.name = "JobId", .required = true, .min_length = 36, .max_length = 36};
}

ParamRule service_namespace() {
  return ParamRule{.name = "ServiceNamespace",
                   .required = true,
                   .min_length = 1,
                   .max_length = 64,
                   .pattern = Pattern::kServiceNamespace};
}

}  // namespace

void add_last_accessed_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          {.name = "GenerateServiceLastAccessedDetails",
           .service = iam,
           .handler = GenerateServiceLastAccessedDetails,
           .rules = {arn("Arn"), ParamRule{.name = "Granularity",
                                           .enum_values = {"SERVICE_LEVEL", "ACTION_LEVEL"}}},
           .writes = true,
           .resource = resource::arn("Arn")},
          {.name = "GetServiceLastAccessedDetails",
           .service = iam,
           .handler = GetServiceLastAccessedDetails,
           .rules = {job_id(), max_items(), marker()}},
          {.name = "GetServiceLastAccessedDetailsWithEntities",
           .service = iam,
           .handler = GetServiceLastAccessedDetailsWithEntities,
           .rules = {job_id(), service_namespace(), max_items(), marker()}},
          {.name = "ListPoliciesGrantingServiceAccess",
           .service = iam,
           .handler = ListPoliciesGrantingServiceAccess,
           .rules = {marker(), arn("Arn"),
                     ParamRule{.name = "ServiceNamespaces",
                               .required = true,
                               .kind = ParamKind::kList,
                               .min_length = 1,
                               .max_length = 200,
                               .members = {ParamRule{.name = "member",
                                                     .min_length = 1,
                                                     .max_length = 64,
                                                     .pattern = Pattern::kServiceNamespace}}}},
           .resource = resource::arn("Arn")},
      });
}

}  // namespace localiam::api
