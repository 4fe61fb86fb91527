#include "analyzer/access_checks.hpp"

#include <algorithm>

#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "data/service_names.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/condition_values.hpp"
#include "policy/statement_matcher.hpp"
#include "policy/wildcard.hpp"

namespace localiam::analyzer {

namespace {

using policy::CompiledPolicy;
using policy::CompiledStatement;

// A byte no policy names: it stands for whatever a wildcard or a variable lets through, so that
// a request built from one policy is covered by another only where that one has a wildcard too.
constexpr std::string_view kFill = "\x7f";
// A resource no Resource pattern names but "*" (and arn:* forms).
const std::string kAnyResource = "arn:aws:\x7f:\x7f:\x7f:\x7f";
// Bounds the requests built from one statement (a NotAction can stand for every action).
constexpr size_t kMaxActions = 20000;
// Bounds one check's work, in statements matched against a request (about a second): documents
// that need more are refused rather than answered late.
constexpr int64_t kMaxStatementChecks = 10'000'000;

// Thrown when a check's budget runs out; caught at the check's entry point.
struct TooMuchWork {};

struct Budget {
  int64_t left = kMaxStatementChecks;
  void spend(size_t statements) {
    left -= static_cast<int64_t>(statements);
    if (left < 0) throw TooMuchWork{};
  }
};

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// `pattern` with each wildcard and policy variable replaced by kFill.
std::string filled(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*' || pattern[i] == '?') {
      out += kFill;
    } else if (pattern.substr(i).starts_with("${")) {
      const size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) {
        out += pattern.substr(i);
        break;
      }
      out += kFill;
      i = close;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// Every action of AWS's Reference `pattern` names ("s3:get*", lower-cased), "service:Name".
void expand_action(std::string_view pattern, std::vector<std::string>& out, Budget& budget) {
  if (!has_wildcard(pattern)) {
    out.emplace_back(pattern);
    return;
  }
  const size_t before = out.size();
  for (const data::ServiceNamesEntry& service : data::ServiceNames::instance().services()) {
    const size_t colon = pattern.find(':');
    if (colon != std::string_view::npos && !has_wildcard(pattern.substr(0, colon)) &&
        !ascii::iequals(pattern.substr(0, colon), service.prefix))
      continue;
    budget.spend(service.actions.size());
    for (const std::string& name : service.actions) {
      std::string full = service.prefix + ":" + name;
      if (policy::wildcard_match(pattern, full, true)) out.push_back(std::move(full));
      if (out.size() >= kMaxActions) return;
    }
  }
  if (out.size() == before) out.push_back(filled(pattern));  // a service the Reference lacks
}

std::vector<std::string> actions_of(const CompiledStatement& st, Budget& budget) {
  std::vector<std::string> out;
  if (!st.actions.negated) {
    for (const std::string& p : st.actions.patterns) expand_action(p, out, budget);
    return out;
  }
  for (const data::ServiceNamesEntry& service : data::ServiceNames::instance().services()) {
    budget.spend(service.actions.size());
    for (const std::string& name : service.actions) {
      std::string full = service.prefix + ":" + name;
      const std::string lower = ascii::to_lower(full);
      if (!policy::action_matches(st.actions, lower)) continue;  // NotAction: matches = not listed
      out.push_back(std::move(full));
      if (out.size() >= kMaxActions) return out;
    }
  }
  return out;
}

std::vector<std::string> resources_of(const CompiledStatement& st) {
  if (!st.resources.present || st.resources.negated) return {kAnyResource};
  std::vector<std::string> out;
  for (const std::string& p : st.resources.patterns)
    out.push_back(p == "*" ? kAnyResource : filled(p));
  return out;
}

// The callers a resource policy's statement lets in (one standing for everyone for "*" and
// NotPrincipal); an identity policy's caller.
std::vector<policy::RequestPrincipal> principals_of(const CompiledStatement& st,
                                                    AccessPolicyType type) {
  policy::RequestPrincipal anyone{"arn:aws:iam::\x7f:user/\x7f", "\x7f", "", "", ""};
  if (type == AccessPolicyType::kIdentity) return {anyone};
  const policy::CompiledPrincipal& p = st.principal;
  if (!p.present || p.negated || p.any) return {anyone};
  std::vector<policy::RequestPrincipal> out;
  for (const std::string& aws : p.aws) {
    if (aws == "*") {
      out.push_back(anyone);
    } else if (aws.size() == 12 &&
               std::all_of(aws.begin(), aws.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      out.push_back({"arn:aws:iam::" + aws + ":root", aws, "", "", ""});
    } else {
      out.push_back({filled(aws), std::string(arn::account_of(aws)), "", "", ""});
    }
  }
  for (const std::string& service : p.service) out.push_back({"", "", "", filled(service), ""});
  for (const std::string& federated : p.federated) out.push_back({"", "", "", "", federated});
  if (out.empty()) out.push_back(anyone);
  return out;
}

// Values that satisfy the statement's conditions where one can be read off the policy: the
// first value an equality names, a number past a bound, kFill for a negated comparison.
policy::ContextKeys context_of(const CompiledStatement& st) {
  using B = policy::ConditionBase;
  policy::ContextKeys context;
  for (const policy::CompiledCondition& c : st.conditions) {
    if (c.values.empty()) continue;
    const std::string& first = c.values.front().text;
    if (c.base == B::kNull) {
      if (first != "true") context.set(c.key, std::string(kFill));
      continue;
    }
    if (c.negated) {
      context.set(c.key, c.base == B::kIpAddress ? std::string("0.0.0.1") : std::string(kFill));
      continue;
    }
    std::string value = filled(first);
    switch (c.base) {
      case B::kNumericLessThan:
        if (auto n = policy::parse_number(first))
          value = std::to_string(static_cast<long long>(*n) - 1);
        break;
      case B::kNumericGreaterThan:
        if (auto n = policy::parse_number(first))
          value = std::to_string(static_cast<long long>(*n) + 1);
        break;
      case B::kDateLessThan:
        value = "1970-01-01T00:00:00Z";
        break;
      case B::kDateGreaterThan:
        value = "2999-12-31T23:59:59Z";
        break;
      case B::kIpAddress:
        value = first.substr(0, first.find('/'));
        break;
      default:
        break;
    }
    context.set(c.key, std::move(value));
  }
  // The policy variables the resources name stand for kFill, as their wildcards do.
  for (const std::string& p : st.resources.patterns) {
    for (size_t at = p.find("${"); at != std::string::npos; at = p.find("${", at + 2)) {
      const size_t close = p.find('}', at);
      if (close == std::string::npos) break;
      std::string_view key = std::string_view(p).substr(at + 2, close - at - 2);
      key = key.substr(0, key.find(','));
      if (key.find(':') != std::string_view::npos) context.set(key, std::string(kFill));
    }
  }
  return context;
}

struct Request {
  std::string action;
  std::string resource;
  const policy::RequestPrincipal* principal = nullptr;
  const policy::ContextKeys* context = nullptr;
};

bool applies(const CompiledPolicy& policy, const CompiledStatement& st, const Request& r,
             AccessPolicyType type, std::string& scratch) {
  policy::AuthzRequest request{r.action, r.resource, r.principal, r.context, false};
  const std::string lower = ascii::to_lower(r.action);
  const policy::StatementCheck check = policy::check_statement(
      st, policy.variables_enabled, request, lower, type == AccessPolicyType::kResource, scratch);
  return check.applies && check.principal != policy::PrincipalMatch::kNone;
}

// Whether `policy` grants the request: a statement allows it and none denies it.
bool grants(const CompiledPolicy& policy, const Request& r, AccessPolicyType type, Budget& budget) {
  budget.spend(policy.statements.size());
  std::string scratch;
  bool allowed = false;
  for (const CompiledStatement& st : policy.statements) {
    if (!applies(policy, st, r, type, scratch)) continue;
    if (st.effect == policy::Effect::kDeny) return false;
    allowed = true;
  }
  return allowed;
}

Result<CompiledPolicy> compile(std::string_view document, std::string_view parameter,
                               AccessPolicyType type) {
  Result<CompiledPolicy> compiled = policy::compile_policy(
      document, type == AccessPolicyType::kIdentity ? policy::PolicyKind::kIdentity
                                                    : policy::PolicyKind::kTrust);
  if (!compiled.ok())
    return errors::InvalidParameterException("The " + std::string(parameter) +
                                             " is not a valid policy: " + compiled.error().message);
  return compiled;
}

ReasonSummary reason(const CompiledStatement& st, size_t index, std::string description) {
  return {std::move(description), index, st.sid};
}

}  // namespace

namespace {

AwsError too_large() {
  return errors::InvalidParameterException(
      "The policies are too large to check offline: they grant more requests than localiam "
      "evaluates in one check. Check smaller policies, or fewer statements at a time.");
}

Result<AccessCheckResult> no_new_access(std::string_view new_document,
                                        std::string_view existing_document, AccessPolicyType type,
                                        Budget& budget) {
  Result<CompiledPolicy> changed = compile(new_document, "newPolicyDocument", type);
  if (!changed.ok()) return changed.error();
  Result<CompiledPolicy> existing = compile(existing_document, "existingPolicyDocument", type);
  if (!existing.ok()) return existing.error();
  AccessCheckResult out;
  for (size_t i = 0; i < changed->statements.size(); ++i) {
    const CompiledStatement& st = changed->statements[i];
    if (st.effect != policy::Effect::kAllow) continue;
    const policy::ContextKeys context = context_of(st);
    const std::vector<policy::RequestPrincipal> principals = principals_of(st, type);
    const std::vector<std::string> resources = resources_of(st);
    bool found = false;
    for (const std::string& action : actions_of(st, budget)) {
      for (const std::string& resource : resources) {
        for (const policy::RequestPrincipal& principal : principals) {
          const Request r{action, resource, &principal, &context};
          if (grants(*changed, r, type, budget) && !grants(*existing, r, type, budget))
            found = true;
          if (found) break;
        }
        if (found) break;
      }
      if (found) break;
    }
    if (found)
      out.reasons.push_back(
          reason(st, i, "New access in the statement with index: " + std::to_string(i) + "."));
  }
  out.pass = out.reasons.empty();
  out.message = out.pass ? "The modified permissions do not grant new access compared to your "
                           "existing policy."
                         : "The modified permissions grant new access compared to your existing "
                           "policy.";
  return out;
}

Result<AccessCheckResult> access_not_granted(std::string_view document,
                                             const std::vector<AccessToCheck>& access,
                                             AccessPolicyType type, Budget& budget) {
  Result<CompiledPolicy> compiled = compile(document, "policyDocument", type);
  if (!compiled.ok()) return compiled.error();
  AccessCheckResult out;
  bool any_actions = false, any_resources = false;
  for (const AccessToCheck& a : access) {
    any_actions = any_actions || !a.actions.empty();
    any_resources = any_resources || !a.resources.empty();
  }
  std::string_view what = any_actions && any_resources ? "actions and/or resources"
                          : any_actions                ? "actions"
                                                       : "resources";
  for (size_t i = 0; i < compiled->statements.size(); ++i) {
    const CompiledStatement& st = compiled->statements[i];
    if (st.effect != policy::Effect::kAllow) continue;
    const policy::ContextKeys context = context_of(st);
    const std::vector<policy::RequestPrincipal> principals = principals_of(st, type);
    bool found = false;
    for (const AccessToCheck& a : access) {
      const std::vector<std::string> actions =
          a.actions.empty() ? actions_of(st, budget) : a.actions;
      const std::vector<std::string> resources =
          a.resources.empty() ? resources_of(st) : a.resources;
      for (const std::string& action : actions) {
        for (const std::string& resource : resources) {
          for (const policy::RequestPrincipal& principal : principals) {
            const Request r{action, resource, &principal, &context};
            std::string scratch;
            budget.spend(1);
            if (applies(*compiled, st, r, type, scratch) && grants(*compiled, r, type, budget))
              found = true;
            if (found) break;
          }
          if (found) break;
        }
        if (found) break;
      }
      if (found) break;
    }
    if (found)
      out.reasons.push_back(reason(st, i,
                                   "One or more of the listed " + std::string(what) +
                                       " in the statement with index: " + std::to_string(i) + "."));
  }
  out.pass = out.reasons.empty();
  if (out.pass) {
    out.message = any_actions && any_resources
                      ? "The policy document does not grant access to one or more listed "
                        "resources to perform one or more listed actions."
                  : any_actions ? "The policy document does not grant access to perform one or "
                                  "more of the listed actions."
                                : "The policy document does not grant access to one or more of "
                                  "the listed resources.";
  } else {
    out.message = any_actions && any_resources
                      ? "The policy document grants access to one or more listed resources to "
                        "perform one or more listed actions."
                  : any_actions
                      ? "The policy document grants access to perform one or more of the listed "
                        "actions."
                      : "The policy document grants access to one or more of the listed "
                        "resources.";
  }
  return out;
}

}  // namespace

Result<AccessCheckResult> check_no_new_access(std::string_view new_document,
                                              std::string_view existing_document,
                                              AccessPolicyType type) {
  Budget budget;
  try {
    return no_new_access(new_document, existing_document, type, budget);
  } catch (const TooMuchWork&) {
    return too_large();
  }
}

Result<AccessCheckResult> check_access_not_granted(std::string_view document,
                                                   const std::vector<AccessToCheck>& access,
                                                   AccessPolicyType type) {
  Budget budget;
  try {
    return access_not_granted(document, access, type, budget);
  } catch (const TooMuchWork&) {
    return too_large();
  }
}

namespace {

// Condition keys that, compared with named values, keep a statement from letting in everyone.
bool restricts_callers(const policy::CompiledCondition& c) {
  static constexpr std::string_view kKeys[] = {
      "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
      "aws:sourceaccount",    "aws:sourcearn",    "aws:sourceowner",    "aws:sourcevpc",
      "aws:sourcevpce",       "aws:sourcevpcarn", "aws:sourceorgid",    "aws:sourceorgpaths",
      "aws:userid",           "aws:username",     "kms:calleraccount",  "aws:principalservicename"};
  if (c.negated || c.if_exists || c.base == policy::ConditionBase::kNull) return false;
  if (std::find(std::begin(kKeys), std::end(kKeys), c.key_lower) == std::end(kKeys)) return false;
  return std::none_of(c.values.begin(), c.values.end(), [](const policy::ConditionValue& v) {
    return v.text.find_first_not_of("*?") == std::string::npos;
  });
}

}  // namespace

Result<AccessCheckResult> check_no_public_access(std::string_view document,
                                                 std::string_view resource_type) {
  (void)resource_type;
  Result<CompiledPolicy> compiled =
      compile(document, "policyDocument", AccessPolicyType::kResource);
  if (!compiled.ok()) return compiled.error();
  AccessCheckResult out;
  for (size_t i = 0; i < compiled->statements.size(); ++i) {
    const CompiledStatement& st = compiled->statements[i];
    if (st.effect != policy::Effect::kAllow) continue;
    const policy::CompiledPrincipal& p = st.principal;
    const bool everyone = p.present && (p.negated || p.any ||
                                        std::find(p.aws.begin(), p.aws.end(), "*") != p.aws.end());
    if (!everyone) continue;
    if (std::any_of(st.conditions.begin(), st.conditions.end(), restricts_callers)) continue;
    out.reasons.push_back(reason(st, i,
                                 st.sid.empty()
                                     ? "Public access granted in the following statement with "
                                       "index: " +
                                           std::to_string(i) + "."
                                     : "Public access granted in the following statement with "
                                       "sid: " +
                                           st.sid + "."));
  }
  out.pass = out.reasons.empty();
  out.message = out.pass
                    ? "The resource policy does not grant public access for the given resource "
                      "type."
                    : "The resource policy grants public access for the given resource type.";
  return out;
}

}  // namespace localiam::analyzer
