// The IAM policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy,
// GetContextKeysForPrincipalPolicy and GetContextKeysForCustomPolicy. Policies come from the
// principal (user with its groups, group, or role) and/or the request, are compiled once and
// evaluated by the policy engine for every action × resource pair; results carry the statements
// that decided, with their positions, and the context keys the request lacked.
#include <algorithm>
#include <unordered_set>

#include "auth/authorizer.hpp"
#include "auth/principal_policies.hpp"
#include "common/ascii.hpp"
#include "iam/handler_support.hpp"
#include "iam/iam_actions.hpp"
#include "iam/policy_lookup.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/evaluator.hpp"
#include "query/param_presets.hpp"
#include "storage/identity_repository.hpp"
#include "storage/role_repository.hpp"

namespace localiam::api {

namespace {

using policy::Decision;

// Everything one simulation evaluates.
struct Simulation {
  PrincipalPolicies policies;  // identity policies and permissions boundary
  std::optional<LoadedPolicy> resource_policy;
  std::string resource_owner;  // account id
  policy::RequestPrincipal caller;
  policy::ContextKeys context;
};

// Compiles policies given in the request; ids as AWS names them ("PolicyInputList.1").
Result<std::vector<LoadedPolicy>> input_policies(RequestContext& ctx, const char* param,
                                                 policy::PolicyKind kind) {
  std::vector<LoadedPolicy> out;
  std::vector<std::string> documents = ctx.params.list(param);
  for (size_t i = 0; i < documents.size(); ++i) {
    ASSIGN_OR_RETURN(policy::CompiledPolicy compiled, policy::compile_policy(documents[i], kind));
    LoadedPolicy p;
    p.id = std::string(param) + "." + std::to_string(i + 1);
    p.type = policy::SourceType::kNone;
    p.document = documents[i];
    p.compiled = std::make_shared<const policy::CompiledPolicy>(std::move(compiled));
    out.push_back(std::move(p));
  }
  return out;
}

// The 12-digit account of an account id or ARN ("" when neither).
std::string account_of(std::string_view value) {
  if (value.size() == 12 && std::all_of(value.begin(), value.end(), ::isdigit)) {
    return std::string(value);
  }
  return std::string(arn_account(value));
}

policy::RequestPrincipal principal_for_arn(std::string_view arn) {
  policy::RequestPrincipal p;
  p.arn = std::string(arn);
  p.account = account_of(arn);
  return p;
}

// ContextEntries.member.N.{ContextKeyName, ContextKeyValues.member.M, ContextKeyType}.
void read_context(RequestContext& ctx, policy::ContextKeys& context) {
  auto entries = ctx.params.struct_list("ContextEntries", {"ContextKeyName", "ContextKeyType"});
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i][0]) continue;
    std::vector<std::string> values =
        ctx.params.list("ContextEntries.member." + std::to_string(i + 1) + ".ContextKeyValues");
    context.set(*entries[i][0], std::move(values));
  }
}

// Inputs shared by both Simulate actions (everything except the principal's own policies).
Status read_common(RequestContext& ctx, Simulation& sim) {
  ASSIGN_OR_RETURN(std::vector<LoadedPolicy> extra,
                   input_policies(ctx, "PolicyInputList", policy::PolicyKind::kIdentity));
  for (auto& p : extra) sim.policies.identity.push_back(std::move(p));
  if (ctx.params.has("PermissionsBoundaryPolicyInputList.member.1")) {
    ASSIGN_OR_RETURN(
        sim.policies.boundary,
        input_policies(ctx, "PermissionsBoundaryPolicyInputList", policy::PolicyKind::kIdentity));
  }
  if (const std::string* doc = ctx.optional_param("ResourcePolicy")) {
    ASSIGN_OR_RETURN(policy::CompiledPolicy compiled,
                     policy::compile_policy(*doc, policy::PolicyKind::kSession));
    LoadedPolicy p;
    p.id = "ResourcePolicy";
    p.type = policy::SourceType::kResource;
    p.document = *doc;
    p.compiled = std::make_shared<const policy::CompiledPolicy>(std::move(compiled));
    sim.resource_policy = std::move(p);
  }
  if (const std::string* caller = ctx.optional_param("CallerArn")) {
    sim.caller = principal_for_arn(*caller);
  }
  if (const std::string* owner = ctx.optional_param("ResourceOwner")) {
    sim.resource_owner = account_of(*owner);
  }
  if (sim.caller.account.empty()) sim.caller.account = ctx.account();
  read_context(ctx, sim.context);
  return ok_status();
}

void write_position(XmlNode& node, const char* name, const policy::Position& p) {
  node.child(name).integer("Line", p.line).integer("Column", p.column);
}

void write_statements(XmlNode& node, const AuthzDecision& decision) {
  XmlNode& list = node.list("MatchedStatements");
  for (const DecidingStatement& m : decision.statements) {
    XmlNode& st = list.member();
    st.text("SourcePolicyId", m.policy_id);
    if (m.source_type != policy::SourceType::kNone) {
      st.text("SourcePolicyType", std::string(policy::source_type_name(m.source_type)));
    }
    const policy::StatementSpan& span = m.policy->statements[m.index].span;
    write_position(st, "StartPosition", span.start);
    write_position(st, "EndPosition", span.end);
  }
}

void write_missing(XmlNode& node, const AuthzDecision& decision) {
  XmlNode& list = node.list("MissingContextValues");
  for (const std::string& key : decision.keys_missing) list.member_text(key);
}

// Runs the simulation and writes the paged EvaluationResults.
Result<XmlNode> simulate(RequestContext& ctx, Simulation& sim) {
  std::vector<std::string> actions = ctx.params.list("ActionNames");
  std::vector<std::string> resources = ctx.params.list("ResourceArns");
  const bool resource_specific = !resources.empty();
  if (resources.empty()) resources.push_back("*");
  ASSIGN_OR_RETURN(std::string position, marker_position(ctx));
  size_t start = 0;
  if (!position.empty()) {
    start = static_cast<size_t>(std::strtoull(position.c_str(), nullptr, 10));
  }
  const size_t total = actions.size() * resources.size();
  const size_t limit = static_cast<size_t>(max_items(ctx));

  CallerPolicies caller;
  caller.principal = &sim.policies;
  ResourcePolicy resource_policy;
  if (sim.resource_policy) resource_policy.policy = &*sim.resource_policy;
  resource_policy.account = sim.resource_owner;
  AuthzQuestion question;
  question.principal = &sim.caller;
  question.context = &sim.context;
  question.caller = &caller;
  if (sim.resource_policy) question.resource_policy = &resource_policy;
  question.collect_details = true;
  const bool has_boundary = !sim.policies.boundary.empty();

  XmlNode result;
  XmlNode& list = result.list("EvaluationResults");
  size_t index = start;
  for (; index < total && index - start < limit; ++index) {
    const std::string& action = actions[index / resources.size()];
    const std::string& resource = resources[index % resources.size()];
    question.action = action;
    question.resource = resource;
    const AuthzDecision r = decide(question);
    const std::string decision(policy::decision_name(r.effect));
    XmlNode& item = list.member();
    item.text("EvalActionName", action).text("EvalResourceName", resource);
    item.text("EvalDecision", decision);
    write_statements(item, r);
    write_missing(item, r);
    if (has_boundary) {
      item.child("PermissionsBoundaryDecisionDetail")
          .boolean("AllowedByPermissionsBoundary", r.boundary == Decision::kAllowed);
    }
    if (sim.resource_policy) {
      XmlNode& details = item.child("EvalDecisionDetails");
      XmlNode& iam_entry = details.child("entry");
      iam_entry.text("key", "IAM Policy");
      iam_entry.text(
          "value",
          std::string(policy::decision_name(r.effect == Decision::kExplicitDeny ? r.effect
                                            : r.identity_allows                 ? Decision::kAllowed
                                                                : Decision::kImplicitDeny)));
      XmlNode& res_entry = details.child("entry");
      res_entry.text("key", "Resource Policy");
      res_entry.text(
          "value", std::string(policy::decision_name(r.resource_allows ? Decision::kAllowed
                                                                       : Decision::kImplicitDeny)));
    }
    if (resource_specific) {
      XmlNode& specific = item.list("ResourceSpecificResults").member();
      specific.text("EvalResourceName", resource).text("EvalResourceDecision", decision);
      write_statements(specific, r);
      write_missing(specific, r);
      if (has_boundary) {
        specific.child("PermissionsBoundaryDecisionDetail")
            .boolean("AllowedByPermissionsBoundary", r.boundary == Decision::kAllowed);
      }
    }
  }
  const bool truncated = index < total;
  result.boolean("IsTruncated", truncated);
  if (truncated) result.text("Marker", make_marker(std::to_string(index)));
  return result;
}

// The policies of the user, group or role named by PolicySourceArn.
Result<PrincipalPolicies> principal_policies(RequestContext& ctx, Simulation* sim) {
  const std::string& arn = ctx.param("PolicySourceArn");
  // arn:PARTITION:iam::ACCOUNT:user/path/name: the resource is what follows the fifth colon.
  std::string_view resource;
  size_t colon = 0;
  for (int i = 0; i < 5 && colon != std::string::npos; ++i) {
    colon = arn.find(':', i == 0 ? 0 : colon + 1);
  }
  if (arn::is_iam(arn) && colon != std::string::npos) {
    resource = std::string_view(arn).substr(colon + 1);
  }
  const std::string account = std::string(arn_account(arn));
  std::string_view kind = resource.substr(0, resource.find('/'));
  std::string_view name = resource.substr(resource.rfind('/') + 1);
  if (resource.find('/') == std::string_view::npos || name.empty() ||
      (kind != "user" && kind != "group" && kind != "role")) {
    return errors::InvalidInput("Invalid ARN: " + arn);
  }
  if (account != ctx.account() || arn::partition_of(arn) != ctx.partition) {
    return errors::NoSuchEntity("Policy source " + arn + " does not exist.");
  }
  if (sim) sim->caller = principal_for_arn(arn);
  if (kind == "user") {
    ASSIGN_OR_RETURN(storage::UserRow user, require_user(ctx, name));
    return load_user_policies(ctx.db, user);
  }
  if (kind == "group") {
    ASSIGN_OR_RETURN(storage::GroupRow group, require_group(ctx, name));
    return load_group_policies(ctx.db, group);
  }
  ASSIGN_OR_RETURN(storage::RoleRow role, require_role(ctx, name));
  return load_role_policies(ctx.db, role);
}

Result<XmlNode> SimulatePrincipalPolicy(RequestContext& ctx) {
  Simulation sim;
  ASSIGN_OR_RETURN(PrincipalPolicies own, principal_policies(ctx, &sim));
  sim.policies.identity = std::move(own.identity);
  const policy::RequestPrincipal source = sim.caller;
  RETURN_IF_ERROR(read_common(ctx, sim));
  // A boundary given in the request replaces the principal's own.
  if (sim.policies.boundary.empty()) sim.policies.boundary = std::move(own.boundary);
  if (!ctx.params.has("CallerArn")) sim.caller = source;
  return simulate(ctx, sim);
}

Result<XmlNode> SimulateCustomPolicy(RequestContext& ctx) {
  Simulation sim;
  RETURN_IF_ERROR(read_common(ctx, sim));
  return simulate(ctx, sim);
}

XmlNode context_keys_result(const std::vector<const LoadedPolicy*>& policies) {
  std::vector<std::string> keys;
  std::unordered_set<std::string> seen;
  for (const LoadedPolicy* p : policies) {
    if (!p->compiled) continue;
    for (std::string& k : policy::context_keys_of(*p->compiled)) {
      if (seen.insert(ascii::to_lower(k)).second) keys.push_back(std::move(k));
    }
  }
  XmlNode result;
  XmlNode& list = result.list("ContextKeyNames");
  for (std::string& k : keys) list.member_text(std::move(k));
  return result;
}

Result<XmlNode> GetContextKeysForCustomPolicy(RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::vector<LoadedPolicy> inputs,
                   input_policies(ctx, "PolicyInputList", policy::PolicyKind::kIdentity));
  std::vector<const LoadedPolicy*> all;
  for (const auto& p : inputs) all.push_back(&p);
  return context_keys_result(all);
}

Result<XmlNode> GetContextKeysForPrincipalPolicy(RequestContext& ctx) {
  ASSIGN_OR_RETURN(PrincipalPolicies own, principal_policies(ctx, nullptr));
  ASSIGN_OR_RETURN(std::vector<LoadedPolicy> inputs,
                   input_policies(ctx, "PolicyInputList", policy::PolicyKind::kIdentity));
  std::vector<const LoadedPolicy*> all;
  for (const auto& p : own.identity) all.push_back(&p);
  for (const auto& p : own.boundary) all.push_back(&p);
  for (const auto& p : inputs) all.push_back(&p);
  return context_keys_result(all);
}

ParamRule document_list(const char* name, bool required) {
  ParamRule member{
      .name = "", .min_length = 1, .max_length = 131072, .pattern = Pattern::kPolicyDocument};
  return ParamRule{
      .name = name, .required = required, .kind = ParamKind::kList, .members = {member}};
}

std::vector<ParamRule> simulation_rules(bool principal) {
  using namespace presets;
  std::vector<ParamRule> rules;
  if (principal) rules.push_back(arn("PolicySourceArn"));
  rules.push_back(document_list("PolicyInputList", !principal));
  rules.push_back(document_list("PermissionsBoundaryPolicyInputList", false));
  rules.push_back(ParamRule{.name = "ActionNames",
                            .required = true,
                            .kind = ParamKind::kList,
                            .members = {ParamRule{.min_length = 3, .max_length = 128}}});
  rules.push_back(ParamRule{.name = "ResourceArns",
                            .kind = ParamKind::kList,
                            .members = {ParamRule{.min_length = 1, .max_length = 2048}}});
  rules.push_back(ParamRule{.name = "ResourcePolicy",
                            .min_length = 1,
                            .max_length = 131072,
                            .pattern = Pattern::kPolicyDocument});
  rules.push_back(ParamRule{.name = "ResourceOwner", .min_length = 1, .max_length = 2048});
  rules.push_back(ParamRule{.name = "CallerArn", .min_length = 1, .max_length = 2048});
  ParamRule key_name{.name = "ContextKeyName", .min_length = 5, .max_length = 256};
  ParamRule key_type{
      .name = "ContextKeyType",
      .enum_values = {"string", "stringList", "numeric", "numericList", "boolean", "booleanList",
                      "ip", "ipList", "binary", "binaryList", "date", "dateList"}};
  rules.push_back(ParamRule{
      .name = "ContextEntries", .kind = ParamKind::kStructList, .members = {key_name, key_type}});
  rules.push_back(ParamRule{.name = "ResourceHandlingOption", .min_length = 1, .max_length = 64});
  rules.push_back(max_items());
  rules.push_back(marker());
  return rules;
}

}  // namespace

void add_simulation_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(table.end(),
               {
                   {.name = "SimulatePrincipalPolicy",
                    .service = iam,
                    .handler = SimulatePrincipalPolicy,
                    .rules = simulation_rules(true),
                    .resource = resource::arn("PolicySourceArn")},
                   {.name = "SimulateCustomPolicy",
                    .service = iam,
                    .handler = SimulateCustomPolicy,
                    .rules = simulation_rules(false)},
                   {.name = "GetContextKeysForCustomPolicy",
                    .service = iam,
                    .handler = GetContextKeysForCustomPolicy,
                    .rules = {document_list("PolicyInputList", true)}},
                   {.name = "GetContextKeysForPrincipalPolicy",
                    .service = iam,
                    .handler = GetContextKeysForPrincipalPolicy,
                    .rules = {arn("PolicySourceArn"), document_list("PolicyInputList", false)},
                    .resource = resource::arn("PolicySourceArn")},
               });
}

}  // namespace localiam::api
