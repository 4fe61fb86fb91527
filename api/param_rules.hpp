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

#include "api/query_params.hpp"
#include "common/result.hpp"

namespace localiam::api {

enum class Pattern {
  kNone,
  kName,             // [\w+=,.@-]+
  kPath,             // (\u002F)|(\u002F[\u0021-\u007E]+\u002F)
  kPolicyPath,       // ((/[A-Za-z0-9\.,\+@=_-]+)*)/
  kPathPrefix,       // \u002F[\u0021-\u007F]*
  kPolicyDocument,   // [\u0009\u000A\u000D\u0020-\u00FF]+
  kRoleDescription,  // [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*
  kMarker,           // [\u0020-\u00FF]+
  kAccessKeyId,      // [\w]+
  kSessionName,      // [\w+=,.@-]*
  kVersionId,        // v[1-9][0-9]*(\.[A-Za-z0-9-]*)?
  kExternalId,       // [\w+=,.@:\/-]*
  kSerialNumber,     // [\w+=/:,.@-]*
  kTokenCode,        // [\d]*
  kStsArn,           // any printable Unicode (STS arnType)
  kTagKey,           // [\p{L}\p{Z}\p{N}_.:/=+\-@]+
  kTagValue,         // [\p{L}\p{Z}\p{N}_.:/=+\-@]*
  kMfaSerialNumber,   // [\w+=/:,.@-]+ (IAM's serialNumberType)
  kAuthenticationCode,  // [\d]+
  kAccountAlias,         // ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$
  kServiceNamespace,     // [\w-]*
  kDelegationRequestId,  // [\w-]+
  kOrganizationsEntityPath,  // ^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]*
  kOrganizationsPolicyId,    // ^p-[0-9a-zA-Z_]{8,128}$
  kAccountId,                // \d{12}
  kNotificationChannel,      // ^[a-zA-Z0-9:_.-]+$
  kRedirectUrl,              // ^http(s?)://[a-zA-Z0-9._/-]*(\?[a-zA-Z0-9._=&-]*)?(#…)?$
  kOwnerId,                  // ^[a-zA-Z0-9:/+=,.@_-]+$
  kRequestorWorkflowId,      // [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]+
};

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

// Whether `value` satisfies `pattern` (exposed for tests and for list members).
bool matches_pattern(std::string_view value, Pattern pattern);
// The pattern as botocore's model prints it.
std::string_view pattern_text(Pattern pattern);
// Number of Unicode code points (invalid UTF-8 bytes count one each).
size_t utf8_length(std::string_view text);

}  // namespace localiam::api
