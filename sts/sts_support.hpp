// What the STS handlers (sts.cpp, sts_sessions.cpp, sts_federation.cpp) share: issuing and
// storing temporary credentials, the Credentials element, role ARNs, and the session
// policies (Policy, PolicyArns) and session tags (Tags, TransitiveTagKeys) of a request,
// checked with AWS's validation and error texts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/action.hpp"
#include "storage/rows.hpp"

namespace localiam::api::sts {

struct RoleArnParts {
  std::string account_id;
  std::string name;  // the last path segment
};

// arn:PARTITION:iam::123456789012:role/optional/path/name (any known partition), else nullopt.
std::optional<RoleArnParts> parse_role_arn(std::string_view arn);

// ValidationError "{arn} is invalid" (AWS's text for a RoleArn that is not a role ARN).
AwsError invalid_arn(std::string_view arn);

// A session of `kind` in `account_id` with a fresh ASIA key, secret and token, created
// now and expiring `duration` seconds from now; the caller fills the identity fields.
storage::SessionRow new_session(const RequestContext& ctx, std::string_view kind,
                                std::string account_id, int64_t duration);

// <AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/> into `node`.
void write_credentials(XmlNode& node, const storage::SessionRow& session);

// The DurationSeconds parameter (the rules have checked it is a number), or `fallback`.
int64_t duration_param(const RequestContext& ctx, int64_t fallback);

// The caller's own STS session (for role chaining), or nullopt for long-term keys.
std::optional<storage::SessionRow> caller_session(const RequestContext& ctx);

// Whether the caller signs with temporary credentials from GetSessionToken.
bool is_session_token_caller(const Principal& caller);

struct SessionPolicies {
  std::optional<std::string> policy;  // the inline Policy
  std::vector<std::string> arns;      // PolicyArns.member.N.arn
};

// Reads Policy and PolicyArns. Policy must be a valid session policy (MalformedPolicyDocument);
// at most 10 PolicyArns, each an ARN (ValidationError "{arn} is invalid") naming a managed
// policy that exists: AWS managed, or customer managed in `account_id` (InvalidParameterValue).
Result<SessionPolicies> read_session_policies(const RequestContext& ctx,
                                              std::string_view account_id);

struct SessionTags {
  std::vector<storage::SessionTag> tags;
  std::vector<std::string> transitive_keys;
};

// Reads Tags.member.N.{Key,Value} (and TransitiveTagKeys.member.N when `with_transitive`).
// ValidationError for the model's constraints (≤ 50 tags, key 1–128, value 0–256, tag
// pattern); InvalidParameterValue "Duplicate tag keys found. …" for keys equal ignoring
// case, and "The specified transitive tag key must be included in the requested tags."
Result<SessionTags> read_session_tags(const RequestContext& ctx, bool with_transitive);

// Whether `s` matches the tag key / value pattern [\p{L}\p{Z}\p{N}_.:/=+\-@]+ (value: *).
bool is_tag_text(std::string_view s);

// Case-insensitive (ASCII) equality of tag keys.
bool same_tag_key(std::string_view a, std::string_view b);

// PackedPolicySize: the percentage of AWS's packed budget the session policies and tags
// use (an approximation: AWS's packing is not public). PackedPolicyTooLarge above 100.
Result<int64_t> packed_policy_size(const SessionPolicies& policies,
                                   const std::vector<storage::SessionTag>& tags);

}  // namespace localiam::api::sts
