#include "policy/policy_document.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "common/ascii.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/legacy_parsing.hpp"
#include "policy/policy_parser.hpp"
#include "policy/resource_arn_check.hpp"

namespace localiam::policy {

namespace {

AwsError malformed(std::string message) {
  return errors::MalformedPolicyDocument(std::move(message));
}

AwsError syntax_error() { return malformed("Syntax errors in policy."); }

Status check_version(const std::optional<std::string>& version, PolicyKind kind) {
  if (version == "2012-10-17") return ok_status();
  if (kind == PolicyKind::kTrust) {
    // Trust policies still accept the 2008 language version, and no Version at all.
    if (!version || *version == "2008-10-17") return ok_status();
    return syntax_error();
  }
  if (!version || *version == "2008-10-17") {
    return malformed("Policy document must be version 2012-10-17 or greater.");
  }
  return syntax_error();
}

// Grammar rules beyond the JSON shape that IAM also reports as syntax errors: a condition
// operator it does not know, unless its block is empty ({"x": {}} is accepted, {"x": {"k": "v"}}
// is not). The parser yields an entry per key, so an empty block leaves none.
Status check_condition_operators(const ParsedPolicy& policy) {
  for (const Statement& st : policy.statements) {
    for (const ConditionEntry& entry : st.conditions) {
      CompiledCondition c;
      read_condition_operator(entry.op, c);
      if (c.base == ConditionBase::kUnknown) return syntax_error();
    }
  }
  return ok_status();
}

Status check_legacy_parsing(const ParsedPolicy& policy) {
  for (const Statement& st : policy.statements) {
    if (!statement_passes_legacy_parsing(st)) return malformed(std::string(kLegacyParsingFailed));
  }
  return ok_status();
}

// IAM checks the format of every Resource, then of every NotResource, statement by statement,
// and keeps the first format problem to report later (after Sids and missing elements). A
// statement whose resources have no format problem, while none was found before it, is also
// put through legacy parsing, which fails at once. Within one statement IAM reports the
// problem of the resource that sorts first (one recording: of "arn:error:s3:::b" and
// "arn:error:s3::b" it names the first).
Result<std::optional<std::string>> check_resource_formats(const ParsedPolicy& policy) {
  std::optional<std::string> first_error;
  for (const bool negated : {false, true}) {
    for (const Statement& st : policy.statements) {
      if (!st.resources || st.resources->negated != negated) continue;
      std::vector<std::string_view> sorted(st.resources->values.begin(),
                                           st.resources->values.end());
      std::sort(sorted.begin(), sorted.end());
      for (std::string_view resource : sorted) {
        if (first_error) break;
        first_error = resource_format_error(resource);
      }
      if (first_error) continue;
      for (std::string_view resource : sorted) {
        if (!passes_legacy_resource_parsing(resource)) {
          return malformed(std::string(kLegacyParsingFailed));
        }
      }
    }
  }
  return first_error;
}

bool is_vendor_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

// "service:ActionName" (wildcards and even spaces allowed in the name) or "*". The service list
// is not checked: any well-formed vendor is accepted.
Status check_action(const std::string& action) {
  if (action == "*") return ok_status();
  const size_t colon = action.find(':');
  if (colon == std::string::npos) {
    return malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  }
  if (action.find(':', colon + 1) != std::string::npos) {
    return malformed("Actions/Condition can contain only one colon.");
  }
  const std::string_view vendor(action.data(), colon);
  if (vendor.empty() || !std::all_of(vendor.begin(), vendor.end(), is_vendor_char)) {
    return malformed("Vendor " + std::string(vendor) + " is not valid");
  }
  return ok_status();
}

bool is_assume_role_action(const std::string& action) {
  static constexpr std::array<std::string_view, 8> kAllowed = {"sts:assumerole",
                                                               "sts:assumerolewithsaml",
                                                               "sts:assumerolewithwebidentity",
                                                               "sts:tagsession",
                                                               "sts:setsourceidentity",
                                                               "sts:setcontext",
                                                               "sts:*",
                                                               "*"};
  const std::string lower = ascii::to_lower(action);
  return std::find(kAllowed.begin(), kAllowed.end(), lower) != kAllowed.end();
}

Status check_trust_statement(const Statement& st) {
  // Resource is reported before a missing Principal: an identity policy pasted as a trust policy
  // gets "Has prohibited field Resource" from AWS.
  if (st.resources) {
    return malformed(st.resources->negated ? "Has prohibited field NotResource"
                                           : "Has prohibited field Resource");
  }
  if (!st.principal) return malformed("Missing required field Principal");
  if (!st.actions || st.actions->values.empty()) {
    return malformed("Policy statement must contain actions.");
  }
  for (const std::string& action : st.actions->values) {
    if (!is_assume_role_action(action)) {
      return malformed("AssumeRole policy may only specify STS AssumeRole actions.");
    }
  }
  return ok_status();
}

bool is_alphanumeric(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

Status check_sids(const std::vector<Statement>& statements, PolicyKind kind) {
  std::set<std::string_view> seen;
  for (const Statement& st : statements) {
    if (!st.sid) continue;
    // IAM restricts Sids in identity policies to [0-9A-Za-z]; trust and session policies are
    // left alone because no AWS evidence says they are checked.
    if (kind == PolicyKind::kIdentity && !is_alphanumeric(*st.sid)) {
      return malformed(
          "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
          "regular expression [0-9A-Za-z]*");
    }
    if (st.sid->empty()) continue;
    if (!seen.insert(*st.sid).second) {
      return malformed("Statement IDs (SID) in a single policy must be unique.");
    }
  }
  return ok_status();
}

bool is_empty(const std::optional<ValueList>& list) { return !list || list->values.empty(); }

// Identity and session policies, after legacy parsing. The order is AWS's, each step over every
// statement: Sids, principals, missing actions, missing resources, the first resource format
// problem, then action names.
Status check_identity_policy(const ParsedPolicy& policy, PolicyKind kind,
                             const std::optional<std::string>& resource_error) {
  RETURN_IF_ERROR(check_sids(policy.statements, kind));
  for (const Statement& st : policy.statements) {
    if (st.principal) return malformed("Policy document should not specify a principal.");
  }
  for (const Statement& st : policy.statements) {
    if (is_empty(st.actions)) return malformed("Policy statement must contain actions.");
  }
  for (const Statement& st : policy.statements) {
    if (is_empty(st.resources)) return malformed("Policy statement must contain resources.");
  }
  if (resource_error) return malformed(*resource_error);
  for (const bool negated : {false, true}) {
    for (const Statement& st : policy.statements) {
      if (st.actions->negated != negated) continue;
      for (const std::string& action : st.actions->values) RETURN_IF_ERROR(check_action(action));
    }
  }
  return ok_status();
}

}  // namespace

Status validate_policy_document(std::string_view document, PolicyKind kind) {
  ASSIGN_OR_RETURN(ParsedPolicy policy, parse_policy(document, kind));
  RETURN_IF_ERROR(check_condition_operators(policy));
  RETURN_IF_ERROR(check_version(policy.version, kind));
  RETURN_IF_ERROR(check_legacy_parsing(policy));
  if (kind == PolicyKind::kTrust) {
    for (const Statement& st : policy.statements) RETURN_IF_ERROR(check_trust_statement(st));
    return check_sids(policy.statements, kind);
  }
  ASSIGN_OR_RETURN(std::optional<std::string> resource_error, check_resource_formats(policy));
  return check_identity_policy(policy, kind, resource_error);
}

size_t policy_size_without_whitespace(std::string_view document) {
  // Counts characters (UTF-8 code points, so "é" is one), skipping JSON's four whitespace
  // characters everywhere, inside strings included: that is how IAM's quotas count.
  size_t n = 0;
  for (char c : document) {
    const auto b = static_cast<unsigned char>(c);
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
    if ((b & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    ++n;
  }
  return n;
}

}  // namespace localiam::policy
