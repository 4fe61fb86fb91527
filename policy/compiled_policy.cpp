#include "policy/compiled_policy.hpp"

#include <array>
#include <unordered_set>
#include <utility>

#include "common/ascii.hpp"
#include "policy/policy_variables.hpp"
#include "policy/request_context.hpp"

namespace localiam::policy {

namespace {

struct OperatorName {
  std::string_view name;
  ConditionBase base;
  bool negated;
};

constexpr std::array<OperatorName, 28> kOperators{{
    {"StringEquals", ConditionBase::kStringEquals, false},
    {"StringNotEquals", ConditionBase::kStringEquals, true},
    {"StringEqualsIgnoreCase", ConditionBase::kStringEqualsIgnoreCase, false},
    {"StringNotEqualsIgnoreCase", ConditionBase::kStringEqualsIgnoreCase, true},
    {"StringLike", ConditionBase::kStringLike, false},
    {"StringNotLike", ConditionBase::kStringLike, true},
    {"NumericEquals", ConditionBase::kNumericEquals, false},
    {"NumericNotEquals", ConditionBase::kNumericEquals, true},
    {"NumericLessThan", ConditionBase::kNumericLessThan, false},
    {"NumericLessThanEquals", ConditionBase::kNumericLessThanEquals, false},
    {"NumericGreaterThan", ConditionBase::kNumericGreaterThan, false},
    {"NumericGreaterThanEquals", ConditionBase::kNumericGreaterThanEquals, false},
    {"DateEquals", ConditionBase::kDateEquals, false},
    {"DateNotEquals", ConditionBase::kDateEquals, true},
    {"DateLessThan", ConditionBase::kDateLessThan, false},
    {"DateLessThanEquals", ConditionBase::kDateLessThanEquals, false},
    {"DateGreaterThan", ConditionBase::kDateGreaterThan, false},
    {"DateGreaterThanEquals", ConditionBase::kDateGreaterThanEquals, false},
    {"Bool", ConditionBase::kBool, false},
    {"BinaryEquals", ConditionBase::kBinaryEquals, false},
    {"IpAddress", ConditionBase::kIpAddress, false},
    {"NotIpAddress", ConditionBase::kIpAddress, true},
    {"ArnEquals", ConditionBase::kArnLike, false},
    {"ArnLike", ConditionBase::kArnLike, false},
    {"ArnNotEquals", ConditionBase::kArnLike, true},
    {"ArnNotLike", ConditionBase::kArnLike, true},
    {"Null", ConditionBase::kNull, false},
    {"", ConditionBase::kUnknown, false},
}};

bool is_numeric(ConditionBase b) {
  return b >= ConditionBase::kNumericEquals && b <= ConditionBase::kNumericGreaterThanEquals;
}
bool is_date(ConditionBase b) {
  return b >= ConditionBase::kDateEquals && b <= ConditionBase::kDateGreaterThanEquals;
}

CompiledCondition compile_condition(const ConditionEntry& entry, bool variables) {
  CompiledCondition c;
  c.op = entry.op;
  c.key = entry.key;
  c.key_lower = ascii::to_lower(entry.key);
  read_condition_operator(entry.op, c);
  c.values.reserve(entry.values.size());
  for (const std::string& text : entry.values) {
    ConditionValue v;
    v.text = text;
    v.has_variables = variables && has_policy_variables(text);
    if (!v.has_variables) {
      if (is_numeric(c.base)) v.number = parse_number(text);
      if (is_date(c.base)) v.date_millis = parse_date_millis(text);
      if (c.base == ConditionBase::kIpAddress) v.ip = parse_ip_block(text);
    }
    c.values.push_back(std::move(v));
  }
  return c;
}

CompiledPrincipal compile_principal(const std::optional<PrincipalSet>& set) {
  CompiledPrincipal p;
  if (!set) return p;
  p.present = true;
  p.negated = set->negated;
  p.any = set->any;
  for (const auto& [type, ids] : set->by_type) {
    std::vector<std::string>* target = type == "AWS"         ? &p.aws
                                       : type == "Service"   ? &p.service
                                       : type == "Federated" ? &p.federated
                                                             : &p.canonical_user;
    for (const std::string& id : ids) {
      if (type == "AWS" && id == "*") p.any = true;
      target->push_back(id);
    }
  }
  return p;
}

}  // namespace

void read_condition_operator(std::string_view op, CompiledCondition& c) {
  if (op.starts_with("ForAnyValue:")) {
    c.set = SetOperator::kForAnyValue;
    op.remove_prefix(12);
  } else if (op.starts_with("ForAllValues:")) {
    c.set = SetOperator::kForAllValues;
    op.remove_prefix(13);
  }
  if (op.ends_with("IfExists") && op != "IfExists") {
    c.if_exists = true;
    op.remove_suffix(8);
  }
  c.base = ConditionBase::kUnknown;
  for (const OperatorName& o : kOperators) {
    if (!o.name.empty() && o.name == op) {
      c.base = o.base;
      c.negated = o.negated;
      break;
    }
  }
  // Null has no IfExists form.
  if (c.base == ConditionBase::kNull && c.if_exists) c.base = ConditionBase::kUnknown;
}

CompiledPolicy compile_parsed(const ParsedPolicy& parsed, std::string_view document) {
  CompiledPolicy policy;
  policy.version = parsed.version.value_or("");
  policy.variables_enabled = policy.version == "2012-10-17";
  std::vector<StatementSpan> spans;
  if (!document.empty()) spans = statement_spans(document);
  policy.statements.reserve(parsed.statements.size());
  for (size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& st = parsed.statements[i];
    CompiledStatement cs;
    cs.effect = st.effect;
    cs.sid = st.sid.value_or("");
    if (st.actions) {
      cs.actions.present = true;
      cs.actions.negated = st.actions->negated;
      for (const std::string& a : st.actions->values)
        cs.actions.patterns.push_back(ascii::to_lower(a));
    }
    if (st.resources) {
      cs.resources.present = true;
      cs.resources.negated = st.resources->negated;
      for (const std::string& r : st.resources->values) {
        cs.resources.patterns.push_back(r);
        cs.resources.has_variables.push_back(policy.variables_enabled && has_policy_variables(r));
      }
    }
    cs.principal = compile_principal(st.principal);
    cs.conditions.reserve(st.conditions.size());
    for (const ConditionEntry& entry : st.conditions) {
      cs.conditions.push_back(compile_condition(entry, policy.variables_enabled));
    }
    if (i < spans.size()) cs.span = spans[i];
    policy.statements.push_back(std::move(cs));
  }
  std::vector<std::string> keys = context_keys_of(policy);
  for (std::string& key : keys) key = ascii::to_lower(key);
  policy.known_keys = known_key_bits(keys);
  return policy;
}

Result<CompiledPolicy> compile_policy(std::string_view document, PolicyKind kind) {
  ASSIGN_OR_RETURN(ParsedPolicy parsed, parse_policy(document, kind));
  // Stored documents never have such an Effect (validation refuses it); a document given only
  // for evaluation is refused as it always was rather than read as Allow/Deny.
  for (const Statement& st : parsed.statements) {
    if (!st.effect_exact_case) return errors::MalformedPolicyDocument("Syntax errors in policy.");
  }
  return compile_parsed(parsed, document);
}

std::vector<std::string> context_keys_of(const CompiledPolicy& policy) {
  std::vector<std::string> keys;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& key) {
    if (seen.insert(ascii::to_lower(key)).second) keys.push_back(key);
  };
  for (const CompiledStatement& st : policy.statements) {
    if (policy.variables_enabled) {
      for (const std::string& r : st.resources.patterns) {
        for (const std::string& k : variable_keys(r)) add(k);
      }
    }
    for (const CompiledCondition& c : st.conditions) {
      add(c.key);
      if (!policy.variables_enabled) continue;
      for (const ConditionValue& v : c.values) {
        for (const std::string& k : variable_keys(v.text)) add(k);
      }
    }
  }
  return keys;
}

}  // namespace localiam::policy
