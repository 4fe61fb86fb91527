// Policy grammar: turns policy JSON into a list of statements (ParsedPolicy) without judging
// what the statements say. Rejects bad JSON and anything the IAM grammar cannot represent
// (wrong value types, unknown elements, an Effect that is not allow/deny in any case) with
// AWS's messages. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "policy/policy_document.hpp"

namespace localiam::policy {

enum class Effect { kAllow, kDeny };

// Action/NotAction or Resource/NotResource. A lone string becomes a one-element list; an empty
// JSON list stays empty (the validator decides what that means).
struct ValueList {
  bool negated = false;  // NotAction / NotResource
  std::vector<std::string> values;
};

// Principal or NotPrincipal: either "*" or a map from principal type to identifiers.
struct PrincipalSet {
  bool negated = false;  // NotPrincipal
  bool any = false;      // "Principal": "*"
  // ("AWS" | "Service" | "Federated" | "CanonicalUser", identifiers), in document order.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_type;
};

// One condition key under one operator: {"StringEquals": {"aws:username": ["a", "b"]}}.
// Numbers and booleans are kept as their JSON text ("10", "true").
struct ConditionEntry {
  std::string op;   // "StringEquals", "ForAnyValue:StringLike", "NumericLessThanIfExists", …
  std::string key;  // "aws:username"
  std::vector<std::string> values;
};

struct Statement {
  std::optional<std::string> sid;
  Effect effect = Effect::kAllow;
  // "Allow"/"Deny" as written. Other cases ("allow", "denY") are in the grammar but fail IAM's
  // legacy parsing later; see policy/legacy_parsing.hpp.
  bool effect_exact_case = true;
  std::optional<ValueList> actions;    // absent when the statement has neither key
  std::optional<ValueList> resources;  // absent when the statement has neither key
  std::optional<PrincipalSet> principal;
  std::vector<ConditionEntry> conditions;
};

struct ParsedPolicy {
  std::optional<std::string> version;
  std::optional<std::string> id;
  std::vector<Statement> statements;  // "Statement": {…} yields one entry
};

// ParsedPolicy, or MalformedPolicyDocument:
//  - text that is not a single JSON value (including invalid UTF-8, NUL bytes and nesting deeper
//    than the grammar could ever use) → the kind's "not JSON" message;
//  - valid JSON outside the grammar → "Syntax errors in policy." (an Effect other than allow or
//    deny in any letter case is; "allow" itself is not, see Statement::effect_exact_case).
// Duplicate keys in an object: the last occurrence wins, as in AWS's own JSON handling.
// Does not check Version values, required elements, action/resource formats or Sids.
Result<ParsedPolicy> parse_policy(std::string_view document, PolicyKind kind);

// AWS's message for a document that is not JSON, which differs per policy kind.
std::string_view invalid_json_message(PolicyKind kind);

}  // namespace localiam::policy
