// Parameter rules from botocore's model (required, length, pattern, range, enum), checked
// before a handler runs. Violations produce AWS's ValidationError text:
// "N validation error(s) detected: Value at 'userName' failed to satisfy constraint: …"
// (IAM omits the value; STS includes it: "Value 'x' at 'roleSessionName' …").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "query/param_patterns.hpp"  // Pattern, pattern_text(): generated from botocore
#include "query/query_params.hpp"

namespace localiam::api {

// kList: Name.member.N scalars (e.g. TagKeys); kStructList: Name.member.N.Field structures
// (e.g. Tags). Both may also arrive as a bare `Name=` (an empty list).
enum class ParamKind { kString, kInteger, kBoolean, kList, kStructList };

struct ParamRule {
  const char* name = "";
  bool required = false;
  ParamKind kind = ParamKind::kString;
  int64_t min_length = -1;  // -1: no constraint
  int64_t max_length = -1;
  Pattern pattern = Pattern::kNone;
  std::optional<int64_t> min_value;
  std::optional<int64_t> max_value;
  std::vector<std::string_view> enum_values;
  // Lists: min_length/max_length bound the number of members. kList: members[0] is the rule
  // every member meets (reported as one composite constraint on the list, as AWS does).
  // kStructList: one rule per field, named as the field ("Key"), reported per member
  // ('tags.1.member.key').
  std::vector<ParamRule> members;
};

enum class ValidationStyle { kIam, kSts };

// Checks every rule against `params`; ValidationError listing every violation, or ok.
Status validate_params(const QueryParams& params, const std::vector<ParamRule>& rules,
                       ValidationStyle style);

// ok when `problems` is empty, else ValidationError "N validation error(s) detected: " followed
// by the problems joined with "; ", as AWS words it (for checks a rule table cannot express).
Status validation_errors(const std::vector<std::string>& problems);

// Whether `value` satisfies `pattern` (exposed for tests and for list members). The pattern's
// text is pattern_text() in query/param_patterns.hpp.
bool matches_pattern(std::string_view value, Pattern pattern);

}  // namespace localiam::api
