// Policy variables (Version 2012-10-17 only): ${aws:username}, ${aws:PrincipalTag/team}, the
// escapes ${*} ${?} ${$}, and defaults ${aws:username, 'nobody'}. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/request_context.hpp"

namespace localiam::policy {

// Whether `text` contains a "${" at all (the fast path skips substitution when not).
bool has_policy_variables(std::string_view text);

// Writes `text` with every variable replaced into `out`. Returns false when a variable names a
// key the context lacks (or holds several values) and gives no default: the element that holds
// it then matches nothing. Text that is not a well-formed variable is kept as written.
bool substitute_variables(std::string_view text, const ContextKeys& context, std::string& out);

// The context keys named by variables in `text`, as written ("aws:username"), in order.
std::vector<std::string> variable_keys(std::string_view text);

}  // namespace localiam::policy
