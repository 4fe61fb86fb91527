#include "sts/sts_support.hpp"

#include <algorithm>
#include <charconv>

#include "common/ascii.hpp"
#include "common/random_ids.hpp"
#include "common/utf8.hpp"
#include "data/managed_policy_catalog.hpp"
#include "policy/policy_document.hpp"
#include "query/param_rules.hpp"
#include "storage/credential_repository.hpp"
#include "storage/policy_repository.hpp"

namespace localiam::api::sts {

namespace {

constexpr size_t kMaxPolicyArns = 10;
constexpr size_t kMaxTags = 50;
constexpr int64_t kMaxTagKey = 128;
constexpr int64_t kMaxTagValue = 256;
constexpr std::string_view kTagKeyPattern = R"([\p{L}\p{Z}\p{N}_.:/=+\-@]+)";
constexpr std::string_view kTagValuePattern = R"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)";
// AWS's packing is not public; this budget reproduces the one size recorded from AWS: 16% for
// a session policy of 153 characters without whitespace (aws-recorded/sts__test_sts,
// test_assume_role_with_policy), which any budget from 901 to 956 gives.
constexpr int64_t kPackedBudget = 950;

// [\p{L}\p{Z}\p{N}_.:/=+\-@] approximated without Unicode tables, as for IAM tags: ASCII
// exactly, every code point from U+0080 up taken as a letter (so nothing AWS accepts is
// refused; a few symbols AWS refuses pass).
bool tag_char(int32_t c) {
  if (c < 0) return false;
  if (c >= 0x80) return true;
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view(" _.:/=+-@").find(static_cast<char>(c)) != std::string_view::npos;
}

// STS's constraint text: "Value '{v}' at '{member}' failed to satisfy constraint: {c}";
// "Value null at …" for a missing member; the IAM form without the value for whole lists,
// whose printed value AWS has not been seen to give for STS.
std::string violation(const std::string* value, std::string_view member,
                      std::string_view constraint) {
  std::string item = "Value ";
  if (value)
    item += "'" + *value + "' ";
  else
    item += "null ";
  return item + "at '" + std::string(member) +
         "' failed to satisfy constraint: " + std::string(constraint);
}

std::string list_violation(std::string_view member, std::string_view constraint) {
  return "Value at '" + std::string(member) +
         "' failed to satisfy constraint: " + std::string(constraint);
}

AwsError validation_errors(const std::vector<std::string>& problems) {
  std::string message =
      std::to_string(problems.size()) +
      (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return errors::ValidationError(std::move(message));
}

// Key/value constraints of one tag text (in the model's order: max, min, pattern).
void check_tag_text(const std::string* value, std::string_view member, int64_t min, int64_t max,
                    std::string_view pattern, std::vector<std::string>& problems) {
  if (!value) {
    problems.push_back(violation(nullptr, member, "Member must not be null"));
    return;
  }
  int64_t length = static_cast<int64_t>(utf8::length(*value));
  if (length > max)
    problems.push_back(violation(
        value, member, "Member must have length less than or equal to " + std::to_string(max)));
  if (length < min)
    problems.push_back(violation(
        value, member, "Member must have length greater than or equal to " + std::to_string(min)));
  if (!value->empty() && !is_tag_text(*value))
    problems.push_back(violation(
        value, member, "Member must satisfy regular expression pattern: " + std::string(pattern)));
}

}  // namespace

std::optional<RoleArnParts> parse_role_arn(std::string_view arn) {
  if (!arn::is_iam(arn)) return std::nullopt;
  const std::string_view account = arn::account_of(arn);
  if (account.size() != 12) return std::nullopt;
  for (char c : account)
    if (c < '0' || c > '9') return std::nullopt;
  const std::string_view resource = arn::split(arn)->resource;
  if (!resource.starts_with("role/")) return std::nullopt;
  size_t slash = resource.rfind('/');
  std::string_view name = resource.substr(slash + 1);
  if (name.empty()) return std::nullopt;
  return RoleArnParts{std::string(account), std::string(name)};
}

AwsError invalid_arn(std::string_view arn) {
  return errors::ValidationError(std::string(arn) + " is invalid");
}

storage::SessionRow new_session(const RequestContext& ctx, std::string_view kind,
                                std::string account_id, int64_t duration) {
  storage::SessionRow session;
  session.access_key_id = make_access_key_id("ASIA");
  session.account_id = std::move(account_id);
  session.secret = make_secret_access_key();
  session.session_token = make_session_token();
  session.kind = std::string(kind);
  session.source_arn = ctx.caller.arn;
  session.create_date = ctx.now;
  session.expiration = ctx.now + duration;
  return session;
}

void write_credentials(XmlNode& node, const storage::SessionRow& session) {
  node.text("AccessKeyId", session.access_key_id)
      .text("SecretAccessKey", session.secret)
      .text("SessionToken", session.session_token)
      .timestamp("Expiration", session.expiration);
}

int64_t duration_param(const RequestContext& ctx, int64_t fallback) {
  const std::string* v = ctx.optional_param("DurationSeconds");
  if (!v) return fallback;
  int64_t n = fallback;
  std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

std::optional<storage::SessionRow> caller_session(const RequestContext& ctx) {
  if (!ctx.caller.temporary) return std::nullopt;
  return storage::SessionRepository(ctx.db).find(ctx.caller.access_key_id);
}

bool is_session_token_caller(const Principal& caller) {
  return caller.temporary &&
         (caller.kind == PrincipalKind::kUser || caller.kind == PrincipalKind::kRoot);
}

Result<SessionPolicies> read_session_policies(const RequestContext& ctx,
                                              std::string_view account_id) {
  SessionPolicies out;
  if (const std::string* policy = ctx.optional_param("Policy")) {
    RETURN_IF_ERROR(policy::validate_policy_document(*policy, policy::PolicyKind::kSession));
    out.policy = *policy;
  }
  auto descriptors = ctx.params.struct_list("PolicyArns", {"arn"});
  // The model sets no maximum; AWS documents "up to 10 managed session policies". The
  // text of its error for an 11th is not known; this is the constraint form.
  if (descriptors.size() > kMaxPolicyArns)
    return validation_errors(
        {list_violation("policyArns", "Member must have length less than or equal to " +
                                          std::to_string(kMaxPolicyArns))});
  std::vector<std::string> problems;
  for (size_t i = 0; i < descriptors.size(); ++i) {
    const std::optional<std::string>& arn = descriptors[i][0];
    std::string member = "policyArns." + std::to_string(i + 1) + ".member.arn";
    if (!arn) continue;  // an empty descriptor: the model does not require arn
    int64_t length = static_cast<int64_t>(utf8::length(*arn));
    if (length > 2048)
      problems.push_back(
          violation(&*arn, member, "Member must have length less than or equal to 2048"));
    if (length < 20)
      problems.push_back(
          violation(&*arn, member, "Member must have length greater than or equal to 20"));
  }
  if (!problems.empty()) return validation_errors(problems);
  for (const auto& descriptor : descriptors) {
    if (!descriptor[0]) continue;
    const std::string& arn = *descriptor[0];
    if (!arn.starts_with("arn:") || std::count(arn.begin(), arn.end(), ':') < 5)
      return invalid_arn(arn);
    bool exists = false;
    if (arn::is_aws_managed_policy(arn)) {
      exists = arn::partition_of(arn) == ctx.partition &&
               data::ManagedPolicyCatalog::instance().find_by_arn(arn) != nullptr;
    } else {
      auto row = storage::PolicyRepository(ctx.db).find_by_arn(arn);
      exists = row && row->account_id == account_id;
    }
    // AWS's answer for a session policy ARN that names no policy has not been found in
    // any transcript; this borrows IAM's wording for the same situation.
    if (!exists)
      return errors::InvalidParameterValue("Policy " + arn +
                                           " does not exist or is not attachable.");
    out.arns.push_back(arn);
  }
  return out;
}

bool is_tag_text(std::string_view s) {
  for (size_t i = 0; i < s.size();)
    if (!tag_char(utf8::decode(s, i))) return false;
  return true;
}

bool same_tag_key(std::string_view a, std::string_view b) { return ascii::iequals(a, b); }

Result<SessionTags> read_session_tags(const RequestContext& ctx, bool with_transitive) {
  SessionTags out;
  auto tags = ctx.params.struct_list("Tags", {"Key", "Value"});
  std::vector<std::string> problems;
  if (tags.size() > kMaxTags)
    problems.push_back(list_violation(
        "tags", "Member must have length less than or equal to " + std::to_string(kMaxTags)));
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string prefix = "tags." + std::to_string(i + 1) + ".member.";
    const std::string* key = tags[i][0] ? &*tags[i][0] : nullptr;
    const std::string* value = tags[i][1] ? &*tags[i][1] : nullptr;
    check_tag_text(key, prefix + "key", 1, kMaxTagKey, kTagKeyPattern, problems);
    check_tag_text(value, prefix + "value", 0, kMaxTagValue, kTagValuePattern, problems);
  }
  std::vector<std::string> transitive;
  if (with_transitive) {
    transitive = ctx.params.list("TransitiveTagKeys");
    if (transitive.size() > kMaxTags)
      problems.push_back(list_violation(
          "transitiveTagKeys",
          "Member must have length less than or equal to " + std::to_string(kMaxTags)));
    for (const std::string& key : transitive) {
      int64_t length = static_cast<int64_t>(utf8::length(key));
      if (length < 1 || length > kMaxTagKey || !is_tag_text(key)) {
        // A list of strings is reported as a whole, with the element constraints listed.
        problems.push_back(list_violation(
            "transitiveTagKeys",
            "Member must satisfy constraint: [Member must have length less than or equal to "
            "128, Member must have length greater than or equal to 1, Member must satisfy "
            "regular expression pattern: " +
                std::string(kTagKeyPattern) + ", Member must not be null]"));
        break;
      }
    }
  }
  if (!problems.empty()) return validation_errors(problems);

  for (const auto& tag : tags) out.tags.push_back({*tag[0], *tag[1]});
  for (size_t i = 0; i < out.tags.size(); ++i)
    for (size_t j = i + 1; j < out.tags.size(); ++j)
      if (same_tag_key(out.tags[i].key, out.tags[j].key))
        return errors::InvalidParameterValue(
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  for (const std::string& key : transitive) {
    bool found = std::any_of(out.tags.begin(), out.tags.end(), [&](const storage::SessionTag& t) {
      return same_tag_key(t.key, key);
    });
    if (!found)
      return errors::InvalidParameterValue(
          "The specified transitive tag key must be included in the requested tags.");
    out.transitive_keys.push_back(key);
  }
  return out;
}

Result<int64_t> packed_policy_size(const SessionPolicies& policies,
                                   const std::vector<storage::SessionTag>& tags) {
  int64_t size = 0;
  if (policies.policy)
    size += static_cast<int64_t>(policy::policy_size_without_whitespace(*policies.policy));
  for (const std::string& arn : policies.arns) size += static_cast<int64_t>(arn.size());
  for (const storage::SessionTag& tag : tags)
    size += static_cast<int64_t>(tag.key.size() + tag.value.size());
  int64_t percent = size * 100 / kPackedBudget;
  // Only the start of AWS's message is known from transcripts; the tail is localiam's.
  if (percent > 100)
    return errors::PackedPolicyTooLarge("Packed policy consumes " + std::to_string(percent) +
                                        "% of allotted space, please use smaller policy.");
  return percent;
}

}  // namespace localiam::api::sts
