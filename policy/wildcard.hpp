// Wildcard matching as IAM does it: `*` matches any run of characters (including none), `?`
// exactly one character. Actions match case-insensitively; ARNs segment by segment and
// case-sensitively. Pure functions, no allocation; thread-safe.
#pragma once

#include <string_view>

namespace localiam::policy {

// Whether `text` matches `pattern` as a whole. ASCII case folding when `ignore_case`.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

// Whether `arn` matches `pattern` the way Resource and Arn* conditions compare ARNs: "*" matches
// anything; otherwise both must have the six ARN fields (arn:partition:service:region:account:
// resource), the first five are matched field by field (a wildcard never crosses a colon there)
// and the resource field, colons and all, as one. Case-sensitive.
bool arn_match(std::string_view pattern, std::string_view arn);

}  // namespace localiam::policy
