// What IAM's legacy policy parser refuses in a statement that is otherwise in the grammar: an
// Effect not spelled exactly "Allow"/"Deny", and Date* condition values it cannot read as dates.
// Either makes IAM answer "The policy failed legacy parsing" (after the Version check, before
// every other check). Resource shapes it refuses are in policy/resource_arn_check.hpp.
#pragma once

#include <string_view>

#include "policy/policy_parser.hpp"

namespace localiam::policy {

inline constexpr std::string_view kLegacyParsingFailed = "The policy failed legacy parsing";

// Whether `st`'s Effect and its Date* conditions (in any set/IfExists form) pass legacy parsing.
bool statement_passes_legacy_parsing(const Statement& st);

}  // namespace localiam::policy
