// A policy document compiled once (when it is stored or submitted) into a form that evaluates
// without touching JSON: lower-cased action patterns, resource patterns, principals, typed
// condition operators with pre-parsed values, and each statement's position in the text for the
// simulator. Immutable after compile; safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "policy/condition_values.hpp"
#include "policy/known_context_keys.hpp"
#include "policy/policy_parser.hpp"
#include "policy/statement_positions.hpp"

namespace localiam::policy {

// The base comparison of a condition operator; negated forms share their base.
enum class ConditionBase {
  kStringEquals,
  kStringEqualsIgnoreCase,
  kStringLike,
  kNumericEquals,
  kNumericLessThan,
  kNumericLessThanEquals,
  kNumericGreaterThan,
  kNumericGreaterThanEquals,
  kDateEquals,
  kDateLessThan,
  kDateLessThanEquals,
  kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress,
  kArnLike,
  kNull,
  kUnknown,  // an operator IAM does not have: never true
};

enum class SetOperator { kNone, kForAnyValue, kForAllValues };

// One condition value with its typed reading (filled for the operator's type when the value has
// no policy variables; values with variables are read after substitution).
struct ConditionValue {
  std::string text;
  bool has_variables = false;
  std::optional<double> number;
  std::optional<int64_t> date_millis;
  std::optional<IpBlock> ip;
};

struct CompiledCondition {
  std::string op;         // as written, e.g. "ForAnyValue:StringNotLikeIfExists"
  std::string key;        // as written, e.g. "aws:PrincipalTag/team"
  std::string key_lower;  // lookup form
  ConditionBase base = ConditionBase::kUnknown;
  bool negated = false;    // StringNotEquals, NotIpAddress, ArnNotLike, …
  bool if_exists = false;  // …IfExists
  SetOperator set = SetOperator::kNone;
  std::vector<ConditionValue> values;
};

struct PatternList {
  bool present = false;               // the statement has the element at all
  bool negated = false;               // NotAction / NotResource
  std::vector<std::string> patterns;  // actions are lower-cased
  std::vector<bool> has_variables;    // per pattern (resources only)
};

struct CompiledPrincipal {
  bool present = false;
  bool negated = false;  // NotPrincipal
  bool any = false;      // "*" (or "AWS": "*")
  std::vector<std::string> aws, service, federated, canonical_user;
};

struct CompiledStatement {
  Effect effect = Effect::kAllow;
  std::string sid;
  PatternList actions;
  PatternList resources;
  CompiledPrincipal principal;
  std::vector<CompiledCondition> conditions;
  StatementSpan span;  // position in the source text
};

struct CompiledPolicy {
  std::string version;             // "" when the document has none
  bool variables_enabled = false;  // Version 2012-10-17
  std::vector<CompiledStatement> statements;
  // Which of the keys enforce mode builds the policy names (known_key_bits of
  // context_keys_of(*this)): an evaluation of it can consult no other.
  uint64_t known_keys = 0;
};

// Compiles a document: parse_policy's errors (MalformedPolicyDocument) for text outside the
// grammar, and "Syntax errors in policy." for an Effect not spelled Allow/Deny exactly; anything
// else the grammar accepts compiles (unknown operators never match).
Result<CompiledPolicy> compile_policy(std::string_view document, PolicyKind kind);

// Compiles an already parsed policy; `document` (its text) only provides statement positions and
// may be empty.
CompiledPolicy compile_parsed(const ParsedPolicy& parsed, std::string_view document);

// Reads a condition operator name into `c` (base, negated, if_exists, set).
void read_condition_operator(std::string_view op, CompiledCondition& c);

// The context keys the policy refers to (condition keys and policy variables), as first
// written, without duplicates (compared case-insensitively), in document order.
std::vector<std::string> context_keys_of(const CompiledPolicy& policy);

}  // namespace localiam::policy
