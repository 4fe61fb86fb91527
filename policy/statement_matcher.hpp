// Whether one compiled statement applies to one request: action (case-insensitive, wildcards),
// resource (ARN fields, case-sensitive, wildcards, policy variables), principal (resource-based
// policies only) and every condition with AWS's rules for missing keys, IfExists and the
// ForAnyValue/ForAllValues set operators. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.hpp"
#include "policy/request_context.hpp"

namespace localiam::policy {

enum class PrincipalMatch {
  kNone,
  kDirect,    // the statement names this very principal (user ARN, role-session ARN)
  kIndirect,  // it names the principal's role, or "*"
  kAccount,   // it names only the principal's account (ID or root ARN): the account delegates,
              // and the principal's own identity policies must allow too
};

// Whether the Principal/NotPrincipal element covers `principal` (kNone if not; a statement with
// no Principal element gives kIndirect).
PrincipalMatch principal_matches(const CompiledPrincipal& p, const RequestPrincipal* principal);

bool action_matches(const PatternList& actions, std::string_view lower_action);

// `scratch` is reused for variable substitution. `resource_unknown`: see AuthzRequest.
bool resource_matches(const PatternList& resources, std::string_view resource,
                      const ContextKeys& context, std::string& scratch,
                      bool resource_unknown = false);

// Whether the condition holds for `context`. Sets *key_missing when the key is absent.
bool condition_holds(const CompiledCondition& c, const ContextKeys& context, bool variables,
                     std::string& scratch, bool* key_missing = nullptr);

struct StatementCheck {
  bool applies = false;
  PrincipalMatch principal = PrincipalMatch::kIndirect;
};

// Whether `st` applies. `lower_action` is the request's action lower-cased. `check_principal`
// for resource-based policies. When `missing_keys` is given, every condition is evaluated and
// the absent keys of an otherwise applicable statement are appended (as written in the policy).
StatementCheck check_statement(const CompiledStatement& st, bool variables,
                               const AuthzRequest& request, std::string_view lower_action,
                               bool check_principal, std::string& scratch,
                               std::vector<std::string>* missing_keys = nullptr);

}  // namespace localiam::policy
