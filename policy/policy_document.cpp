#include "policy/policy_document.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "policy/policy_parser.hpp"

namespace localiam::policy {

namespace {

AwsError malformed(std::string message) {
  return errors::MalformedPolicyDocument(std::move(message));
}

bool is_identity_like(PolicyKind kind) { return kind != PolicyKind::kTrust; }

Status check_version(const std::optional<std::string>& version, PolicyKind kind) {
  if (version == "2012-10-17") return ok_status();
  if (kind == PolicyKind::kTrust) {
    // Trust policies still accept the 2008 language version, and no Version at all.
    if (!version || *version == "2008-10-17") return ok_status();
    return malformed("Syntax errors in policy.");
  }
  if (!version || *version == "2008-10-17") {
    return malformed("Policy document must be version 2012-10-17 or greater.");
  }
  return malformed("Syntax errors in policy.");
}

bool is_vendor_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// "service:ActionName" (wildcards allowed in the name) or "*". The service list is not checked:
// any well-formed vendor is accepted.
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

bool is_known_partition(std::string_view p) {
  static constexpr std::array<std::string_view, 8> kPartitions = {
      "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};
  return std::find(kPartitions.begin(), kPartitions.end(), p) != kPartitions.end();
}

// "*" or arn:partition:service:region:account:resource (the resource part may hold more colons).
Status check_resource(const std::string& resource) {
  if (resource == "*") return ok_status();
  auto not_arn = [&] {
    return malformed("Resource " + resource + " must be in ARN format or \"*\".");
  };
  if (resource.rfind("arn:", 0) != 0) return not_arn();
  std::array<std::string_view, 4> fields;  // partition, service, region, account
  size_t start = 4;
  for (std::string_view& field : fields) {
    const size_t colon = resource.find(':', start);
    if (colon == std::string::npos) {
      // A wildcard may stand for the remaining fields: IAM accepts "arn:aws:codecommit:*".
      std::string_view rest = std::string_view(resource).substr(start);
      if (rest.find_first_of("*?") == std::string_view::npos) return not_arn();
      field = rest;
      start = resource.size();
      break;
    }
    field = std::string_view(resource).substr(start, colon - start);
    start = colon + 1;
  }
  const std::string_view partition = fields[0];
  const bool wildcard = partition.find_first_of("*?") != std::string_view::npos;
  if (!wildcard && !is_known_partition(partition)) {
    return malformed("Partition \"" + std::string(partition) + "\" is not valid for resource \"" +
                     resource + "\".");
  }
  if (fields[1] == "iam" && !fields[2].empty()) {
    return malformed("IAM resource " + resource + " cannot contain region information.");
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
  std::string lower(action);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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

Status check_identity_statement(const Statement& st) {
  if (st.principal) return malformed("Policy document should not specify a principal.");
  if (!st.actions || st.actions->values.empty()) {
    return malformed("Policy statement must contain actions.");
  }
  if (!st.resources || st.resources->values.empty()) {
    return malformed("Policy statement must contain resources.");
  }
  for (const std::string& action : st.actions->values) RETURN_IF_ERROR(check_action(action));
  for (const std::string& resource : st.resources->values) {
    RETURN_IF_ERROR(check_resource(resource));
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

}  // namespace

Status validate_policy_document(std::string_view document, PolicyKind kind) {
  ASSIGN_OR_RETURN(ParsedPolicy policy, parse_policy(document, kind));
  RETURN_IF_ERROR(check_version(policy.version, kind));
  for (const Statement& st : policy.statements) {
    RETURN_IF_ERROR(is_identity_like(kind) ? check_identity_statement(st)
                                           : check_trust_statement(st));
  }
  return check_sids(policy.statements, kind);
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
