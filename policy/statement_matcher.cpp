#include "policy/statement_matcher.hpp"

#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "policy/policy_variables.hpp"
#include "policy/wildcard.hpp"

namespace localiam::policy {

namespace {

const ContextKeys& empty_context() {
  static const ContextKeys kEmpty;
  return kEmpty;
}

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Whether `id` is arn:PARTITION:iam::ACCOUNT:root of the principal's account, in the partition of
// the principal's own ARN (any known partition when the principal has no ARN).
bool is_root_of(std::string_view id, const RequestPrincipal& principal) {
  if (!id.ends_with(":root")) return false;
  auto parts = arn::split(id);
  if (!parts || parts->service != "iam" || !parts->region.empty() ||
      parts->account != principal.account || parts->resource != "root")
    return false;
  if (auto own = arn::split(principal.arn)) return own->partition == parts->partition;
  return arn::partition_named(parts->partition).has_value();
}

// The base comparison of one policy value against one context value.
bool compare(ConditionBase base, const ConditionValue& v, std::string_view policy_text,
             std::string_view actual) {
  switch (base) {
    case ConditionBase::kStringEquals:
    case ConditionBase::kBinaryEquals:
      return policy_text == actual;
    case ConditionBase::kStringEqualsIgnoreCase:
      return ascii::iequals(policy_text, actual);
    case ConditionBase::kStringLike:
      return wildcard_match(policy_text, actual);
    case ConditionBase::kArnLike:
      return arn_match(policy_text, actual);
    case ConditionBase::kBool: {
      std::optional<bool> want = parse_bool(policy_text), have = parse_bool(actual);
      return want && have && *want == *have;
    }
    case ConditionBase::kIpAddress: {
      std::optional<IpBlock> block = v.has_variables ? parse_ip_block(policy_text) : v.ip;
      std::optional<IpBlock> address = parse_ip_block(actual);
      return block && address && ip_in_block(*block, *address);
    }
    case ConditionBase::kNumericEquals:
    case ConditionBase::kNumericLessThan:
    case ConditionBase::kNumericLessThanEquals:
    case ConditionBase::kNumericGreaterThan:
    case ConditionBase::kNumericGreaterThanEquals: {
      std::optional<double> want = v.has_variables ? parse_number(policy_text) : v.number;
      std::optional<double> have = parse_number(actual);
      if (!want || !have) return false;
      switch (base) {
        case ConditionBase::kNumericEquals:
          return *have == *want;
        case ConditionBase::kNumericLessThan:
          return *have < *want;
        case ConditionBase::kNumericLessThanEquals:
          return *have <= *want;
        case ConditionBase::kNumericGreaterThan:
          return *have > *want;
        default:
          return *have >= *want;
      }
    }
    case ConditionBase::kDateEquals:
    case ConditionBase::kDateLessThan:
    case ConditionBase::kDateLessThanEquals:
    case ConditionBase::kDateGreaterThan:
    case ConditionBase::kDateGreaterThanEquals: {
      std::optional<int64_t> want =
          v.has_variables ? parse_date_millis(policy_text) : v.date_millis;
      std::optional<int64_t> have = parse_date_millis(actual);
      if (!want || !have) return false;
      switch (base) {
        case ConditionBase::kDateEquals:
          return *have == *want;
        case ConditionBase::kDateLessThan:
          return *have < *want;
        case ConditionBase::kDateLessThanEquals:
          return *have <= *want;
        case ConditionBase::kDateGreaterThan:
          return *have > *want;
        default:
          return *have >= *want;
      }
    }
    case ConditionBase::kNull:
    case ConditionBase::kUnknown:
      break;
  }
  return false;
}

// Whether one context value matches any of the condition's values (the base operator).
bool any_value_matches(const CompiledCondition& c, std::string_view actual,
                       const ContextKeys& context, std::string& scratch) {
  for (const ConditionValue& v : c.values) {
    std::string_view text = v.text;
    if (v.has_variables) {
      if (!substitute_variables(v.text, context, scratch)) continue;
      text = scratch;
    }
    if (compare(c.base, v, text, actual)) return true;
  }
  return false;
}

}  // namespace

PrincipalMatch principal_matches(const CompiledPrincipal& p, const RequestPrincipal* principal) {
  if (!p.present) return PrincipalMatch::kIndirect;
  PrincipalMatch found = PrincipalMatch::kNone;
  if (p.any) {
    found = PrincipalMatch::kIndirect;
  } else if (principal) {
    for (const std::string& id : p.aws) {
      if (!principal->arn.empty() && id == principal->arn) {
        found = PrincipalMatch::kDirect;
        break;
      }
      if (!principal->role_arn.empty() && id == principal->role_arn) {
        found = PrincipalMatch::kIndirect;
      } else if (found == PrincipalMatch::kNone && !principal->account.empty() &&
                 ((is_account_id(id) && id == principal->account) || is_root_of(id, *principal))) {
        found = PrincipalMatch::kAccount;
      }
    }
    if (found == PrincipalMatch::kNone) {
      for (const std::string& s : p.service) {
        if (!principal->service.empty() && s == principal->service) found = PrincipalMatch::kDirect;
      }
      for (const std::string& f : p.federated) {
        if (!principal->federated.empty() && f == principal->federated) {
          found = PrincipalMatch::kDirect;
        }
      }
    }
  }
  if (p.negated)
    return found == PrincipalMatch::kNone ? PrincipalMatch::kIndirect : PrincipalMatch::kNone;
  return found;
}

bool action_matches(const PatternList& actions, std::string_view lower_action) {
  if (!actions.present) return false;
  bool hit = false;
  for (const std::string& pattern : actions.patterns) {
    if (wildcard_match(pattern, lower_action, true)) {
      hit = true;
      break;
    }
  }
  return actions.negated ? !hit : hit;
}

bool resource_matches(const PatternList& resources, std::string_view resource,
                      const ContextKeys& context, std::string& scratch, bool resource_unknown) {
  if (!resources.present) return true;  // trust policies have no Resource
  bool hit = false;
  for (size_t i = 0; i < resources.patterns.size() && !hit; ++i) {
    std::string_view pattern = resources.patterns[i];
    if (resources.has_variables[i]) {
      if (!substitute_variables(pattern, context, scratch)) continue;
      pattern = scratch;
    }
    // An unknown resource could be any, which every pattern covers. A "*" resource is only
    // text: "arn:aws:s3:::b/*" does not cover it, "*" does.
    hit = resource_unknown ? !resources.negated || pattern == "*" : arn_match(pattern, resource);
  }
  return resources.negated ? !hit : hit;
}

bool condition_holds(const CompiledCondition& c, const ContextKeys& context, bool variables,
                     std::string& scratch, bool* key_missing) {
  (void)variables;
  const std::vector<std::string>* actual = context.find_lower(c.key_lower);
  const bool absent = actual == nullptr || actual->empty();
  if (key_missing) *key_missing = absent;
  if (c.base == ConditionBase::kUnknown) return false;
  if (c.base == ConditionBase::kNull) {
    for (const ConditionValue& v : c.values) {
      std::optional<bool> want = parse_bool(v.text);
      if (want && *want == absent) return true;
    }
    return false;
  }
  if (absent) {
    if (c.if_exists) return true;
    switch (c.set) {
      case SetOperator::kForAllValues:
        return true;  // vacuously: no value fails
      case SetOperator::kForAnyValue:
        return false;  // no value to match
      case SetOperator::kNone:
        return c.negated;  // nothing equals; "not equals" holds
    }
  }
  switch (c.set) {
    case SetOperator::kNone: {
      bool any = false;
      for (const std::string& a : *actual) {
        if (any_value_matches(c, a, context, scratch)) {
          any = true;
          break;
        }
      }
      return c.negated ? !any : any;
    }
    case SetOperator::kForAnyValue:
      for (const std::string& a : *actual) {
        if (any_value_matches(c, a, context, scratch) != c.negated) return true;
      }
      return false;
    case SetOperator::kForAllValues:
      for (const std::string& a : *actual) {
        if (any_value_matches(c, a, context, scratch) == c.negated) return false;
      }
      return true;
  }
  return false;
}

StatementCheck check_statement(const CompiledStatement& st, bool variables,
                               const AuthzRequest& request, std::string_view lower_action,
                               bool check_principal, std::string& scratch,
                               std::vector<std::string>* missing_keys) {
  StatementCheck out;
  const ContextKeys& context = request.context ? *request.context : empty_context();
  if (!action_matches(st.actions, lower_action)) return out;
  if (!resource_matches(st.resources, request.resource, context, scratch, request.resource_unknown))
    return out;
  if (check_principal) {
    out.principal = principal_matches(st.principal, request.principal);
    if (out.principal == PrincipalMatch::kNone) return out;
  }
  bool all = true;
  for (const CompiledCondition& c : st.conditions) {
    bool missing = false;
    if (!condition_holds(c, context, variables, scratch, &missing)) {
      all = false;
      if (!missing_keys) break;
    }
    // Null asks about absence itself, and IfExists tolerates it: neither lacks a value.
    if (missing && missing_keys && c.base != ConditionBase::kNull && !c.if_exists) {
      missing_keys->push_back(c.key);
    }
  }
  out.applies = all;
  return out;
}

}  // namespace localiam::policy
