#include "analyzer/policy_validation.hpp"

#include <algorithm>
#include <string>

#include "common/arn.hpp"
#include "common/ascii.hpp"
#include "common/located_json.hpp"
#include "data/global_condition_keys.hpp"
#include "data/service_authorization.hpp"
#include "data/service_names.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/condition_values.hpp"
#include "policy/policy_document.hpp"
#include "policy/wildcard.hpp"

namespace localiam::analyzer {

namespace {

using Json = LocatedJson;
using Path = std::vector<PathElement>;

constexpr std::string_view kReference =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

// The check's entry in AWS's policy check reference. Its anchor is the finding type's word and
// the issue code in lower case with dashes, for every code made here (the reference spells a
// few other codes' anchors differently).
std::string learn_more_link(FindingType type, std::string_view code) {
  std::string anchor = "#access-analyzer-reference-policy-checks-";
  switch (type) {
    case FindingType::kError:
      anchor += "error-";
      break;
    case FindingType::kSecurityWarning:
      anchor += "security-warning-";
      break;
    case FindingType::kWarning:
      anchor += "general-warning-";
      break;
    case FindingType::kSuggestion:
      anchor += "suggestion-";
      break;
  }
  for (char c : code) anchor += c == '_' ? '-' : ascii::to_lower(c);
  return std::string(kReference) + anchor;
}

Path with(Path path, std::string_view value) {
  path.push_back({PathElement::Kind::kValue, std::string(value), 0});
  return path;
}
Path with_index(Path path, size_t index) {
  path.push_back({PathElement::Kind::kIndex, {}, index});
  return path;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }
bool has_variable(std::string_view s) { return s.find("${") != std::string_view::npos; }
// Edits (insert, delete, replace, ignoring case) from `a` to `b`, counted up to `limit` + 1.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same = ascii::to_lower(a[i - 1]) == ascii::to_lower(b[j - 1]);
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

// The one name of `names` closest to `wrong` within two edits, for AWS's "Did you mean …?"; ""
// when none is, or two are equally close.
template <typename Names>
std::string_view nearest(std::string_view wrong, const Names& names) {
  constexpr size_t kMaxEdits = 2;
  std::string_view best;
  size_t best_distance = kMaxEdits + 1;
  bool tie = false;
  for (const auto& name : names) {
    const size_t d = edit_distance(wrong, name, kMaxEdits);
    if (d < best_distance) {
      best = name;
      best_distance = d;
      tie = false;
    } else if (d == best_distance && d <= kMaxEdits) {
      tie = true;
    }
  }
  return tie ? std::string_view() : best;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One value of a string-or-array element, with its path: "x" is itself (no index, as AWS
// reports it), ["x", "y"] gives each item with its index.
struct Entry {
  const Json* value;
  Path path;
};
std::vector<Entry> entries_of(const Json& element, const Path& path) {
  std::vector<Entry> out;
  if (element.type == Json::Type::kArray) {
    for (size_t i = 0; i < element.items.size(); ++i)
      out.push_back({&element.items[i], with_index(path, i)});
  } else {
    out.push_back({&element, path});
  }
  return out;
}

// Actions that hand a role to a service or create one: an Allow of them on every resource is
// what AWS warns about.
struct RoleActionCheck {
  std::string_view action;
  FindingType type;
  std::string_view prefix;  // issue codes: PREFIX_WITH_STAR_IN_RESOURCE, …
  std::string_view star_in_resource, star_in_action_and_resource, star_in_resource_and_not_action,
      not_resource, star_in_action_and_not_resource, not_action_and_not_resource;
};

constexpr RoleActionCheck kRoleActionChecks[] = {
    {"iam:PassRole", FindingType::kSecurityWarning, "PASS_ROLE",
     "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive "
     "because it allows iam:PassRole permissions on multiple resources. We recommend that you "
     "specify resource ARNs or add the iam:PassedToService condition key to your statement.",
     "Using wildcards (*) in the action and the resource can be overly permissive because it "
     "allows iam:PassRole permissions on all resources. We recommend that you specify resource "
     "ARNs or add the iam:PassedToService condition key to your statement.",
     "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows "
     "iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or "
     "add the iam:PassedToService condition key to your statement.",
     "Using the iam:PassRole action with NotResource can be overly permissive because it can "
     "allow iam:PassRole permissions on multiple resources. We recommend that you specify "
     "resource ARNs instead.",
     "Using an action with a wildcard (*) and NotResource can be overly permissive because it can "
     "allow iam:PassRole permissions on multiple resources. We recommend that you specify "
     "resource ARNs instead.",
     "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole "
     "permissions on multiple resources.. We recommend that you specify resource ARNs instead."},
    {"iam:CreateServiceLinkedRole", FindingType::kWarning, "CREATE_SLR",
     "Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow "
     "creation of unintended service-linked roles. We recommend that you specify resource ARNs "
     "instead.",
     "Using wildcards (*) in the action and the resource can allow creation of unintended "
     "service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all "
     "resources. We recommend that you specify resource ARNs instead.",
     "Using a resource with wildcards (*) and NotAction can allow creation of unintended "
     "service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all "
     "resources. We recommend that you specify resource ARNs instead.",
     "Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of "
     "unintended service-linked roles for multiple resources. We recommend that you specify "
     "resource ARNs instead.",
     "Using an action with a wildcard(*) and NotResource can allow creation of unintended "
     "service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on "
     "multiple resources. We recommend that you specify resource ARNs instead.",
     "Using NotAction with NotResource can allow creation of unintended service-linked roles "
     "because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We "
     "recommend that you specify resource ARNs instead."},
};

// The operator family a global key of `type` is compared with ("" when any string operator
// will do).
std::string_view operator_family(std::string_view key_type) {
  if (key_type == "Bool") return "Bool";
  if (key_type == "Numeric") return "Numeric";
  if (key_type == "Date") return "Date";
  if (key_type == "IPAddress") return "IpAddress";
  return "";
}

std::string_view base_family(policy::ConditionBase base) {
  using B = policy::ConditionBase;
  switch (base) {
    case B::kBool:
      return "Bool";
    case B::kNumericEquals:
    case B::kNumericLessThan:
    case B::kNumericLessThanEquals:
    case B::kNumericGreaterThan:
    case B::kNumericGreaterThanEquals:
      return "Numeric";
    case B::kDateEquals:
    case B::kDateLessThan:
    case B::kDateLessThanEquals:
    case B::kDateGreaterThan:
    case B::kDateGreaterThanEquals:
      return "Date";
    case B::kIpAddress:
      return "IpAddress";
    case B::kStringEquals:
    case B::kStringEqualsIgnoreCase:
    case B::kStringLike:
      return "String";
    case B::kArnLike:
      return "Arn";
    default:
      return "";
  }
}

// Lists longer than this are not checked for redundant entries (see covered_entries).
constexpr size_t kMaxRedundancyEntries = 256;

class Validator {
 public:
  Validator(std::string_view text, ValidatedPolicyType type, std::string_view resource_type)
      : text_(text), type_(type), trust_(resource_type == "AWS::IAM::AssumeRolePolicyDocument") {}

  std::vector<Finding> run() {
    LocatedJsonResult parsed = parse_located_json(text_);
    if (!parsed.error.empty()) {
      const TextPosition at = position_in(text_, parsed.error_offset);
      report(FindingType::kError, "JSON_SYNTAX_ERROR",
             "Fix the JSON syntax error at index " + std::to_string(at.offset) + " line " +
                 std::to_string(at.line) + " column " + std::to_string(at.column) + ".",
             {}, {at.offset, at.offset});
      return std::move(out_);
    }
    const Json& doc = parsed.value;
    if (doc.type != Json::Type::kObject) {
      report(FindingType::kError, "JSON_SYNTAX_ERROR", "Fix the JSON syntax error.", {}, doc);
      return std::move(out_);
    }
    check_size();
    check_version(doc);
    for (const auto& [name, value] : doc.members) {
      if (name != "Version" && name != "Id" && name != "Statement")
        report(FindingType::kError, "INVALID_POLICY_ELEMENT",
               "The policy element " + name + " is not valid.", with({}, name), value);
    }
    const Json* statement = doc.find("Statement");
    if (statement == nullptr) {
      report(FindingType::kError, "MISSING_STATEMENT", "Add a statement to the policy", {},
             {doc.begin, doc.begin + 1});
    } else if (statement->type == Json::Type::kObject) {
      check_statement(*statement, with({}, "Statement"));
    } else if (statement->type == Json::Type::kArray) {
      for (size_t i = 0; i < statement->items.size(); ++i) {
        const Json& item = statement->items[i];
        if (item.type != Json::Type::kObject) {
          data_type_mismatch("Object", with_index(with({}, "Statement"), i), item);
          continue;
        }
        check_statement(item, with_index(with({}, "Statement"), i));
      }
      check_sids(*statement);
      check_redundant_statements(*statement);
    } else {
      data_type_mismatch("Array or Object", with({}, "Statement"), *statement);
    }
    std::stable_sort(out_.begin(), out_.end(), [](const Finding& a, const Finding& b) {
      return a.locations.front().start.offset < b.locations.front().start.offset;
    });
    return std::move(out_);
  }

 private:
  struct Span {
    size_t begin, end;
  };

  Finding& report(FindingType type, std::string_view code, std::string details, Path path,
                  Span span) {
    Finding& f = out_.emplace_back();
    f.type = type;
    f.issue_code = code;
    f.details = std::move(details);
    f.learn_more = learn_more_link(type, code);
    add_location(f, std::move(path), span);
    return f;
  }
  Finding& report(FindingType type, std::string_view code, std::string details, Path path,
                  const Json& at) {
    return report(type, code, std::move(details), std::move(path), Span{at.begin, at.end});
  }
  void add_location(Finding& f, Path path, Span span) {
    f.locations.push_back(
        {std::move(path), position_in(text_, span.begin), position_in(text_, span.end)});
  }
  void data_type_mismatch(std::string_view expected, Path path, const Json& at) {
    report(FindingType::kError, "DATA_TYPE_MISMATCH",
           "The text does not match the expected JSON data type " + std::string(expected) + ".",
           std::move(path), at);
  }
  // One finding located at each of `entries` (not empty), in their order.
  Finding& report_each(FindingType type, std::string_view code, std::string details,
                       const std::vector<const Entry*>& entries) {
    Finding& f =
        report(type, code, std::move(details), entries.front()->path, *entries.front()->value);
    for (size_t i = 1; i < entries.size(); ++i)
      add_location(f, entries[i]->path, {entries[i]->value->begin, entries[i]->value->end});
    return f;
  }

  // The entries another entry makes redundant: `relation(wide, narrow)` is 0 when they are the
  // same (the later one is redundant), 1 when `wide` covers all of `narrow`, -1 otherwise.
  template <typename Relation>
  static std::vector<const Entry*> covered_entries(const std::vector<Entry>& entries,
                                                   Relation relation) {
    std::vector<const Entry*> out;
    // Pairs of wildcards are compared by expansion: bound the work for lists far beyond any
    // policy quota (a statement of a 6,144-character policy has a few hundred entries).
    if (entries.size() > kMaxRedundancyEntries) return out;
    for (size_t i = 0; i < entries.size(); ++i) {
      for (size_t j = 0; j < entries.size(); ++j) {
        if (i == j) continue;
        const int r = relation(entries[j].value->text, entries[i].value->text);
        if ((r == 0 && j < i) || r == 1) {
          out.push_back(&entries[i]);
          break;
        }
      }
    }
    return out;
  }

  // The statement's opening brace: where findings about a missing element point.
  static Span opening(const Json& st) { return {st.begin, st.begin + 1}; }

  bool identity() const { return type_ == ValidatedPolicyType::kIdentity; }
  bool scp() const { return type_ == ValidatedPolicyType::kServiceControl; }
  bool resource_policy() const { return type_ == ValidatedPolicyType::kResource; }

  void check_size() {
    const size_t size = policy::policy_size_without_whitespace(text_);
    if (identity() && size > 6144) {
      report(FindingType::kWarning, "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
             "The " + std::to_string(size) +
                 " characters in the identity policy, excluding whitespace, exceed the 6144 "
                 "character maximum for inline and managed policies. We recommend that you use "
                 "multiple granular policies.",
             {}, {0, text_.size()});
    } else if (scp() && size > 5120) {
      report(FindingType::kError, "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
             "The " + std::to_string(size) +
                 " characters in the service control policy (SCP) exceed the 5120 character "
                 "maximum for SCPs. We recommend that you use multiple granular policies.",
             {}, {0, text_.size()});
    }
  }

  void check_version(const Json& doc) {
    const Json* version = doc.find("Version");
    if (version == nullptr) {
      report(FindingType::kWarning, "MISSING_VERSION",
             "We recommend that you specify the Version element to help you with debugging "
             "permission issues.",
             {}, {doc.begin, doc.begin + 1});
      return;
    }
    variables_ = version->type == Json::Type::kString && version->text == "2012-10-17";
    if (version->type != Json::Type::kString) {
      data_type_mismatch("String", with({}, "Version"), *version);
    } else if (version->text != "2012-10-17" && version->text != "2008-10-17") {
      report(FindingType::kError, "INVALID_VERSION",
             "The version " + version->text +
                 " is not valid. Use one of the following versions: 2008-10-17, 2012-10-17",
             with({}, "Version"), *version);
    }
  }

  void check_statement(const Json& st, const Path& path) {
    static constexpr std::string_view kElements[] = {"Sid",       "Effect",       "Action",
                                                     "NotAction", "Resource",     "NotResource",
                                                     "Principal", "NotPrincipal", "Condition"};
    for (const auto& [name, value] : st.members) {
      if (std::find(std::begin(kElements), std::end(kElements), name) == std::end(kElements))
        report(FindingType::kError, "INVALID_POLICY_ELEMENT",
               "The policy element " + name + " is not valid.", with(path, name), value);
    }
    check_sid(st, path);
    const Json* effect = st.find("Effect");
    bool allow = true;
    if (effect == nullptr) {
      report(FindingType::kError, "MISSING_EFFECT",
             "Add an Effect element to the policy statement with a value of Allow or Deny.", path,
             opening(st));
    } else if (effect->type != Json::Type::kString) {
      data_type_mismatch("String", with(path, "Effect"), *effect);
    } else if (effect->text != "Allow" && effect->text != "Deny") {
      report(FindingType::kError, "INVALID_EFFECT",
             "The effect " + effect->text + " is not valid. Use Allow or Deny.",
             with(path, "Effect"), *effect);
    } else {
      allow = effect->text == "Allow";
    }
    const Json* action = pair(st, path, "Action", "NotAction");
    const Json* resource = pair(st, path, "Resource", "NotResource");
    const Json* principal = pair(st, path, "Principal", "NotPrincipal");
    const bool not_action = action && st.find("Action") == nullptr;
    const bool not_resource = resource && st.find("Resource") == nullptr;
    if (action == nullptr)
      report(FindingType::kError, "MISSING_ACTION",
             "Add an Action or NotAction element to the policy statement.", path, opening(st));
    if (trust_ && resource) {
      report(FindingType::kError, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
             "Role trust policies apply to the role that they are attached to. You cannot specify "
             "a resource. Remove the Resource or NotResource element.",
             with(path, not_resource ? "NotResource" : "Resource"), *resource);
    } else if (resource == nullptr && !trust_ && !scp()) {
      report(FindingType::kError, "MISSING_RESOURCE",
             "Add a Resource or NotResource element to the policy statement.", path, opening(st));
    }
    check_principal(st, path, principal, allow);
    std::vector<Entry> actions;
    if (action) actions = check_actions(*action, with(path, not_action ? "NotAction" : "Action"));
    std::vector<Entry> resources;
    if (resource)
      resources = check_resources(*resource, with(path, not_resource ? "NotResource" : "Resource"));
    if (allow && action && resource)
      check_role_actions(actions, not_action, resources, not_resource,
                         with(path, not_resource ? "NotResource" : "Resource"), *resource);
    if (const Json* condition = st.find("Condition"))
      check_conditions(*condition, with(path, "Condition"), not_action ? nullptr : &actions);
  }

  // The one of `name` / `not_name` the statement has (both: AWS's combination error).
  const Json* pair(const Json& st, const Path& path, std::string_view name,
                   std::string_view not_name) {
    const Json* plain = st.find(name);
    const Json* negated = st.find(not_name);
    if (plain && negated)
      report(FindingType::kError, "UNSUPPORTED_ELEMENT_COMBINATION",
             "The policy elements " + std::string(name) + " and " + std::string(not_name) +
                 " can not be used in the same statement. Remove one of these elements.",
             with(path, not_name), *negated);
    return plain ? plain : negated;
  }

  void check_sid(const Json& st, const Path& path) {
    const Json* sid = st.find("Sid");
    if (sid == nullptr) return;
    if (sid->type != Json::Type::kString) {
      data_type_mismatch("String", with(path, "Sid"), *sid);
    } else if (sid->text.empty()) {
      report(FindingType::kSuggestion, "EMPTY_SID_VALUE",
             "Add a value to the empty string in the Sid element.", with(path, "Sid"), *sid);
    } else if ((identity() || scp()) &&
               !std::all_of(sid->text.begin(), sid->text.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
               })) {
      report(FindingType::kError, "UNSUPPORTED_SID",
             "Update the characters in the Sid element to use one of the following character "
             "types: [a-z, A-Z, 0-9]",
             with(path, "Sid"), *sid);
    }
  }

  void check_sids(const Json& statements) {
    for (size_t i = 0; i < statements.items.size(); ++i) {
      const Json* sid = statements.items[i].find("Sid");
      if (sid == nullptr || sid->type != Json::Type::kString || sid->text.empty()) continue;
      for (size_t j = 0; j < i; ++j) {
        const Json* earlier = statements.items[j].find("Sid");
        if (earlier && earlier->type == Json::Type::kString && earlier->text == sid->text) {
          report(FindingType::kWarning, "UNIQUE_SIDS_RECOMMENDED",
                 "We recommend that you use statement IDs that are unique to your policy. Update "
                 "the Sid value.",
                 with(with_index(with({}, "Statement"), i), "Sid"), *sid);
          break;
        }
      }
    }
  }

  void check_principal(const Json& st, const Path& path, const Json* principal, bool allow) {
    const bool negated = principal && st.find("Principal") == nullptr;
    const Path at = with(path, negated ? "NotPrincipal" : "Principal");
    if (identity() && principal) {
      report(FindingType::kError, "UNSUPPORTED_PRINCIPAL",
             "The policy type IDENTITY_POLICY does not support the Principal element. Remove the "
             "Principal element.",
             at, *principal);
      return;
    }
    if (scp() && principal) {
      report(FindingType::kError, "SCP_SYNTAX_ERROR_PRINCIPAL",
             "SCPs do not support specifying principals. Remove the Principal or NotPrincipal "
             "element.",
             at, *principal);
      return;
    }
    if (!resource_policy()) return;
    if (principal == nullptr) {
      report(FindingType::kError, "MISSING_PRINCIPAL",
             "Add a Principal element to the policy statement.", path, opening(st));
      return;
    }
    if (negated && trust_) {
      report(FindingType::kError, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
             "Role trust policies do not support NotPrincipal. Update the policy to use a "
             "Principal element instead.",
             at, *principal);
    } else if (negated && allow) {
      report(FindingType::kSecurityWarning, "ALLOW_WITH_NOT_PRINCIPAL",
             "Using Allow with NotPrincipal can be overly permissive. We recommend that you use "
             "Principal instead.",
             at, *principal);
    }
    if (principal->type == Json::Type::kString) {
      if (principal->text != "*")
        report(FindingType::kError, "INVALID_PRINCIPAL_FORMAT",
               "The Principal element contents are not valid. Specify a key-value pair in the "
               "Principal element.",
               at, *principal);
      return;
    }
    if (principal->type != Json::Type::kObject) {
      data_type_mismatch("Object", at, *principal);
      return;
    }
    if (principal->members.empty()) {
      report(FindingType::kSuggestion, "EMPTY_OBJECT_PRINCIPAL",
             "This statement includes no principals and does not affect the policy. Specify "
             "principals.",
             at, *principal);
      return;
    }
    for (const auto& [key, value] : principal->members) {
      if (key != "AWS" && key != "Service" && key != "Federated" && key != "CanonicalUser") {
        report(FindingType::kError, "INVALID_PRINCIPAL_KEY",
               "The principal key " + key + " is not valid.", with(at, key), value);
        continue;
      }
      if (value.type == Json::Type::kArray && value.items.empty()) {
        report(FindingType::kSuggestion, "EMPTY_ARRAY_PRINCIPAL",
               "This statement includes no principals and does not affect the policy. Specify "
               "principals.",
               with(at, key), value);
        continue;
      }
      for (const Entry& e : entries_of(value, with(at, key))) {
        if (e.value->type != Json::Type::kString) {
          data_type_mismatch("String", e.path, *e.value);
        } else if (key != "AWS" && has_wildcard(e.value->text)) {
          report(FindingType::kError, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                 "Wildcards (*, ?) are not supported with the principal key " + key +
                     ". Replace the wildcard with a valid principal value.",
                 e.path, *e.value);
        } else if (key == "AWS" && trust_ && e.value->text == "*") {
          report(FindingType::kError, "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                 "\"Principal:\" \"*\" is not supported in the principal element of a role trust "
                 "policy. Replace the wildcard with a valid principal value.",
                 e.path, *e.value);
        }
      }
    }
  }

  // Strings of a string-or-array element; reports wrong types and an empty array.
  std::vector<Entry> strings_of(const Json& element, const Path& path, std::string_view empty_code,
                                std::string_view empty_message) {
    if (element.type != Json::Type::kString && element.type != Json::Type::kArray) {
      data_type_mismatch("Array or String", path, element);
      return {};
    }
    if (element.type == Json::Type::kArray && element.items.empty()) {
      report(FindingType::kSuggestion, empty_code, std::string(empty_message), path, element);
      return {};
    }
    std::vector<Entry> out;
    for (Entry& e : entries_of(element, path)) {
      if (e.value->type != Json::Type::kString) {
        data_type_mismatch("String", e.path, *e.value);
        continue;
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  // Every listed action exists; an action another entry covers is redundant.
  std::vector<Entry> check_actions(const Json& element, const Path& path) {
    std::vector<Entry> valid;
    for (Entry& e : strings_of(element, path, "EMPTY_ARRAY_ACTION",
                               "This statement includes no actions and does not affect the "
                               "policy. Specify actions."))
      if (check_action(e)) valid.push_back(std::move(e));
    const std::vector<const Entry*> redundant =
        covered_entries(valid, [](std::string_view wide, std::string_view narrow) {
          return ascii::iequals(wide, narrow) ? 0 : covers(wide, narrow) ? 1 : -1;
        });
    if (!redundant.empty())
      report_each(FindingType::kSuggestion, "REDUNDANT_ACTION",
                  "The " + std::to_string(redundant.size()) +
                      " action(s) are redundant because they provide similar permissions. Update "
                      "the policy to remove the redundant action such as: " +
                      redundant.front()->value->text + ".",
                  redundant);
    return valid;
  }

  // Whether every action `narrow` names is named by `wide` too.
  static bool covers(std::string_view wide, std::string_view narrow) {
    if (wide == "*") return true;
    if (!has_wildcard(narrow)) return policy::wildcard_match(wide, narrow, true);
    const size_t colon = narrow.find(':');
    if (colon == std::string_view::npos) return false;
    const data::ServiceNamesEntry* service =
        data::ServiceNames::instance().service(narrow.substr(0, colon));
    if (service == nullptr) return false;
    bool any = false;
    std::string full;
    for (const std::string& name : service->actions) {
      full = service->prefix + ":" + name;
      if (!policy::wildcard_match(narrow, full, true)) continue;
      if (!policy::wildcard_match(wide, full, true)) return false;
      any = true;
    }
    return any;
  }

  bool check_action(const Entry& e) {
    const std::string& text = e.value->text;
    if (text == "*") return true;
    const size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0) {
      report(FindingType::kError, "INVALID_ACTION", "The action " + text + " does not exist.",
             e.path, *e.value);
      return false;
    }
    const std::string_view prefix = std::string_view(text).substr(0, colon);
    const std::string_view name = std::string_view(text).substr(colon + 1);
    const data::ServiceNames& names = data::ServiceNames::instance();
    if (has_wildcard(prefix)) {
      report(FindingType::kSuggestion, "WILDCARD_IN_SERVICE_NAME",
             "Avoid using wildcards (*, ?) in the service name because it might grant unintended "
             "access to other AWS services with similar names.",
             e.path, *e.value);
      return true;
    }
    const data::ServiceNamesEntry* service = names.service(prefix);
    if (service == nullptr) {
      std::vector<std::string_view> prefixes;
      if (suggestions_left_ > 0) {
        --suggestions_left_;
        for (const data::ServiceNamesEntry& s : names.services()) prefixes.push_back(s.prefix);
      }
      const std::string_view near = nearest(prefix, prefixes);
      report(FindingType::kError, "INVALID_SERVICE_IN_ACTION",
             "The service " + text + " specified in the action does not exist." +
                 (near.empty() ? "" : " Did you mean " + std::string(near) + "?"),
             e.path, *e.value);
      return false;
    }
    const bool exists = has_wildcard(name)
                            ? std::any_of(service->actions.begin(), service->actions.end(),
                                          [&](const std::string& a) {
                                            return policy::wildcard_match(name, a, true);
                                          })
                            : names.action(prefix, name) != nullptr;
    if (!exists) {
      std::string suggestion;
      if (!has_wildcard(name) && suggestions_left_ > 0) {
        --suggestions_left_;
        const std::string_view near = nearest(name, service->actions);
        if (!near.empty())
          suggestion = " Did you mean " + service->prefix + ":" + std::string(near) + "?";
      }
      report(FindingType::kError, "INVALID_ACTION",
             "The action " + text + " does not exist." + suggestion, e.path, *e.value);
    }
    return exists;
  }

  std::vector<Entry> check_resources(const Json& element, const Path& path) {
    std::vector<Entry> valid;
    for (Entry& e : strings_of(element, path, "EMPTY_ARRAY_RESOURCE",
                               "This statement includes no resources and does not affect the "
                               "policy. Specify resources.")) {
      if (has_variable(e.value->text) && !variables_)
        report(FindingType::kError, "VARIABLE_UNSUPPORTED_IN_VERSION",
               "To include variables in your policy, use the policy version 2012-10-17 or later.",
               e.path, *e.value);
      if (check_arn(e)) valid.push_back(std::move(e));
    }
    const std::vector<const Entry*> redundant = covered_entries(valid, [](std::string_view wide,
                                                                          std::string_view narrow) {
      if (wide == narrow) return 0;
      return !has_variable(wide) && !has_variable(narrow) && policy::wildcard_match(wide, narrow)
                 ? 1
                 : -1;
    });
    if (!redundant.empty())
      report_each(FindingType::kSuggestion, "REDUNDANT_RESOURCE",
                  "The " + std::to_string(redundant.size()) +
                      " resource ARN(s) are redundant because they reference the same resource. "
                      "Review the use of wildcards (*)",
                  redundant);
    return valid;
  }

  // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, or "*".
  bool check_arn(const Entry& e) {
    const std::string& text = e.value->text;
    if (text == "*") return true;
    if (!text.starts_with("arn:")) {
      report(FindingType::kError, "INVALID_ARN_PREFIX",
             "Add the required prefix (arn) to the resource ARN.", e.path, *e.value);
      return false;
    }
    const std::optional<arn::Parts> fields = arn::split(text);
    if (!fields) {
      report(FindingType::kError, "MISSING_ARN_FIELD",
             "Resource ARNs must include at least 6 fields in the following structure: "
             "arn:partition:service:region:account:resource",
             e.path, *e.value);
      return false;
    }
    const std::string_view partition = fields->partition, service = fields->service,
                           account = fields->account;
    static constexpr std::string_view kPartitions[] = {"aws",       "aws-cn",    "aws-us-gov",
                                                       "aws-iso",   "aws-iso-b", "aws-iso-e",
                                                       "aws-iso-f", "aws-eusc"};
    if (!has_wildcard(partition) && !has_variable(partition) &&
        std::find(std::begin(kPartitions), std::end(kPartitions), partition) ==
            std::end(kPartitions)) {
      report(FindingType::kError, "INVALID_PARTITION",
             "The resource ARN for the service " + std::string(service) +
                 " does not support the partition " + std::string(partition) +
                 ". Use the supported values: aws, aws-cn, aws-us-gov",
             e.path, *e.value);
      return false;
    }
    if (service != ascii::to_lower(service)) {
      report(FindingType::kError, "INVALID_ARN_SERVICE_CASE",
             "Update the service name " + std::string(service) +
                 " in the resource ARN to use all lowercase letters.",
             e.path, *e.value);
      return false;
    }
    if (!account.empty() && !has_wildcard(account) && !has_variable(account) && account != "aws" &&
        (account.size() != 12 || !is_digits(account))) {
      report(FindingType::kError, "INVALID_ARN_ACCOUNT",
             "The resource ARN account ID " + std::string(account) +
                 " is not valid. Provide a 12-digit account ID.",
             e.path, *e.value);
      return false;
    }
    return check_arn_region(e, service, fields->region);
  }

  // The Region field against the ARN formats of the service's resource types, for the services
  // whose Reference is built in whole: one none of whose types has a Region (IAM, STS) takes
  // none, one all of whose types have one (SQS, KMS, …) needs one.
  bool check_arn_region(const Entry& e, std::string_view service, std::string_view region) {
    const data::ServiceReference* reference =
        data::ServiceAuthorization::instance().service(service);
    if (reference == nullptr || reference->resource_types.empty()) return true;
    bool any_region = false, all_region = true;
    for (const data::ResourceType& type : reference->resource_types) {
      const std::optional<arn::Parts> f = arn::split(type.arn);
      if (!f) continue;
      any_region = any_region || !f->region.empty();
      all_region = all_region && !f->region.empty();
    }
    const std::string name(service);
    if (!region.empty() && !has_wildcard(region) && !has_variable(region) && !any_region) {
      report(FindingType::kError, "ARN_REGION_NOT_ALLOWED",
             "The service " + name + " does not support specifying a Region in the resource ARN.",
             e.path, *e.value);
      return false;
    }
    if (region.empty() && all_region) {
      report(FindingType::kError, "MISSING_ARN_REGION",
             "Add a Region to the " + name + " resource ARN.", e.path, *e.value);
      return false;
    }
    return true;
  }

  // An Allow of iam:PassRole or iam:CreateServiceLinkedRole on every resource.
  void check_role_actions(const std::vector<Entry>& actions, bool not_action,
                          const std::vector<Entry>& resources, bool not_resource,
                          const Path& resource_path, const Json& resource) {
    const Entry* star = nullptr;
    for (const Entry& r : resources)
      if (r.value->text == "*") star = &r;
    for (const RoleActionCheck& check : kRoleActionChecks) {
      const Entry* granting = nullptr;
      if (not_action) {
        const bool excluded = std::any_of(actions.begin(), actions.end(), [&](const Entry& a) {
          return policy::wildcard_match(a.value->text, check.action, true);
        });
        if (excluded) continue;
      } else {
        for (const Entry& a : actions)
          if (policy::wildcard_match(a.value->text, check.action, true)) {
            granting = &a;
            break;
          }
        if (granting == nullptr) continue;
      }
      const bool star_action = granting && has_wildcard(granting->value->text);
      std::string code(check.prefix);
      std::string_view message;
      if (not_resource) {
        if (not_action) {
          code += "_WITH_NOT_ACTION_AND_NOT_RESOURCE";
          message = check.not_action_and_not_resource;
        } else if (star_action) {
          code += "_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE";
          message = check.star_in_action_and_not_resource;
        } else {
          code += "_WITH_NOT_RESOURCE";
          message = check.not_resource;
        }
      } else {
        if (star == nullptr) continue;
        if (not_action) {
          code += "_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION";
          message = check.star_in_resource_and_not_action;
        } else if (star_action) {
          code += "_WITH_STAR_IN_ACTION_AND_RESOURCE";
          message = check.star_in_action_and_resource;
        } else {
          code += "_WITH_STAR_IN_RESOURCE";
          message = check.star_in_resource;
        }
      }
      Finding& f =
          granting
              ? report(check.type, code, std::string(message), granting->path, *granting->value)
              : report(check.type, code, std::string(message), resource_path, resource);
      if (granting) {
        if (star)
          add_location(f, star->path, {star->value->begin, star->value->end});
        else
          add_location(f, resource_path, {resource.begin, resource.end});
      }
    }
  }

  void check_conditions(const Json& condition, const Path& path,
                        const std::vector<Entry>* actions) {
    if (condition.type != Json::Type::kObject) {
      data_type_mismatch("Object", path, condition);
      return;
    }
    if (condition.members.empty()) {
      report(FindingType::kSuggestion, "EMPTY_OBJECT_CONDITION",
             "This condition block is empty and it does not affect the policy. Specify "
             "conditions.",
             path, condition);
      return;
    }
    for (const auto& [op, block] : condition.members) {
      const Path op_path = with(path, op);
      policy::CompiledCondition c;
      policy::read_condition_operator(op, c);
      if (c.base == policy::ConditionBase::kUnknown && op.ends_with("NullIfExists")) {
        report(FindingType::kError, "NULL_WITH_IF_EXISTS",
               "The Null condition operator cannot be used with the IfExists suffix. Update the "
               "operator or the suffix.",
               op_path, block);
        continue;
      }
      if (c.base == policy::ConditionBase::kUnknown) {
        report(FindingType::kError, "INVALID_CONDITION_OPERATOR",
               "The condition operator " + op + " is not valid. Use a valid condition operator.",
               op_path, block);
        continue;
      }
      if (block.type != Json::Type::kObject) {
        data_type_mismatch("Object", op_path, block);
        continue;
      }
      for (const auto& [key, values] : block.members) {
        const Path key_path = with(op_path, key);
        if (c.base == policy::ConditionBase::kNull && c.set != policy::SetOperator::kNone) {
          report(FindingType::kSuggestion, "NULL_WITH_QUALIFIER",
                 "Avoid using the Null condition operator with the ForAllValues or ForAnyValue "
                 "qualifiers because they always return a true or false respectively.",
                 key_path, values);
        }
        if (check_condition_key(key, op, c, key_path, values) && actions)
          check_actions_support_key(*actions, key, key_path, values);
        check_condition_values(key, op, c, key_path, values);
      }
    }
  }

  // False when the key is not one AWS knows.
  bool check_condition_key(const std::string& key, const std::string& op,
                           const policy::CompiledCondition& c, const Path& path, const Json& at) {
    const size_t colon = key.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == key.size()) {
      report(FindingType::kError, "INVALID_CONDITION_KEY_FORMAT",
             "The condition key format is not valid. Use the format service:keyname.", path, at);
      return false;
    }
    const std::string_view prefix = std::string_view(key).substr(0, colon);
    if (ascii::iequals(prefix, "aws")) {
      if (ascii::iequals(key, "aws:ARN")) {
        report(FindingType::kError, "UNSUPPORTED_GLOBAL_CONDITION_KEY",
               "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn "
               "instead.",
               path, at);
        return false;
      }
      const data::GlobalConditionKey* global = data::global_condition_key(key);
      if (global == nullptr) {
        report(FindingType::kError, "INVALID_GLOBAL_CONDITION_KEY",
               "The condition key " + key + " does not exist. Use a valid condition key.", path,
               at);
        return false;
      }
      if (c.set == policy::SetOperator::kForAllValues && !global->multivalued) {
        report(FindingType::kSecurityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
               "Using ForAllValues qualifier with the single-valued condition key " + key +
                   " can be overly permissive. We recommend that you remove ForAllValues:.",
               path, at);
      } else if (c.set == policy::SetOperator::kNone && global->multivalued &&
                 c.base != policy::ConditionBase::kNull) {
        report(FindingType::kError, "MISSING_QUALIFIER",
               "The request context key " + key +
                   " has multiple values. Use the ForAllValues or ForAnyValue condition key "
                   "qualifiers in your policy.",
               path, at);
      }
      const std::string_view family = operator_family(global->type);
      const std::string_view used = base_family(c.base);
      if (!family.empty() && !used.empty() && used != family) {
        report(FindingType::kWarning, "TYPE_MISMATCH",
               "Use the operator type " + std::string(family) + " instead of operator " + op +
                   " for the condition key " + key + ".",
               path, at);
      }
      return false;  // global keys apply to every action
    }
    const data::ServiceNames& names = data::ServiceNames::instance();
    if (names.service(prefix) == nullptr) {
      report(FindingType::kError, "INVALID_SERVICE",
             "The service " + std::string(prefix) + " does not exist. Use a valid service name.",
             path, at);
      return false;
    }
    if (!names.has_condition_key(key)) {
      report(FindingType::kError, "INVALID_SERVICE_CONDITION_KEY",
             "The condition key " + key + " does not exist in the service " + std::string(prefix) +
                 ". Use a valid condition key.",
             path, at);
      return false;
    }
    return true;
  }

  // A service key the listed actions do not support is never evaluated for them. Judged for
  // actions without wildcards of the services whose Reference localiam holds in full.
  void check_actions_support_key(const std::vector<Entry>& actions, const std::string& key,
                                 const Path& path, const Json& at) {
    const data::ServiceAuthorization& reference = data::ServiceAuthorization::instance();
    std::vector<const Entry*> unsupported;
    for (const Entry& e : actions) {
      const std::string& text = e.value->text;
      const size_t colon = text.find(':');
      if (colon == std::string::npos || has_wildcard(text)) continue;
      const data::AuthorizedAction* action =
          reference.find_action(text.substr(0, colon), text.substr(colon + 1));
      if (action == nullptr) continue;
      if (!supports(*action, key)) unsupported.push_back(&e);
    }
    if (unsupported.empty()) return;
    std::string listed;
    for (const Entry* e : unsupported) listed += (listed.empty() ? "" : ", ") + e->value->text;
    Finding& f = report_each(FindingType::kError, "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
                             "The following actions: " + listed +
                                 " are not supported by the condition key " + key +
                                 ". The condition will not be evaluated for these actions. We "
                                 "recommend that you move these actions to a different "
                                 "statement without this condition key.",
                             unsupported);
    add_location(f, path, {at.begin, at.end});
  }

  static bool key_matches(std::string_view listed, std::string_view key) {
    if (ascii::iequals(listed, key)) return true;
    const size_t slash = listed.find("/${");
    return slash != std::string_view::npos && key.size() > slash + 1 &&
           ascii::iequals(listed.substr(0, slash + 1), key.substr(0, slash + 1));
  }

  static bool supports(const data::AuthorizedAction& action, std::string_view key) {
    auto any = [&](const std::vector<std::string>& keys) {
      return std::any_of(keys.begin(), keys.end(),
                         [&](const std::string& k) { return key_matches(k, key); });
    };
    if (any(action.condition_keys)) return true;
    for (const data::ActionResource& r : action.resource_types)
      if (any(r.condition_keys) || any(r.type->condition_keys)) return true;
    return false;
  }

  // Each value reads as the operator's type.
  void check_condition_values(const std::string& key, const std::string& op,
                              const policy::CompiledCondition& c, const Path& path,
                              const Json& values) {
    if (values.type == Json::Type::kArray && values.items.empty()) {
      if (c.set == policy::SetOperator::kForAllValues) {
        report(FindingType::kSuggestion, "EMPTY_ARRAY_CONDITION_FORALLVALUES",
               "The ForAllValues prefix with an empty condition key matches only if the key " +
                   key +
                   " is missing from the request context. To determine if the request context "
                   "is empty, we recommend that you use the Null condition operator with the "
                   "value of true instead.",
               path, values);
      } else if (c.set == policy::SetOperator::kForAnyValue) {
        report(FindingType::kSuggestion, "EMPTY_ARRAY_CONDITION_FORANYVALUE",
               "The ForAnyValue prefix with an empty condition key " + key +
                   " never matches the request context and it does not affect the policy. "
                   "Specify conditions.",
               path, values);
      } else if (c.if_exists) {
        report(FindingType::kSuggestion, "EMPTY_ARRAY_CONDITION_IFEXISTS",
               "The IfExists suffix with an empty condition key matches only if the key " + key +
                   " is missing from the request context. To determine if the request context "
                   "is empty, we recommend that you use the Null condition operator with the "
                   "value of true instead.",
               path, values);
      } else {
        report(FindingType::kSuggestion, "EMPTY_ARRAY_CONDITION",
               "There are no values for the condition key " + key +
                   " and it does not affect the policy. Specify conditions.",
               path, values);
      }
      return;
    }
    const std::vector<Entry> listed = entries_of(values, path);
    for (const Entry& e : listed) {
      const Json& v = *e.value;
      if (v.type == Json::Type::kObject || v.type == Json::Type::kArray ||
          v.type == Json::Type::kNull) {
        data_type_mismatch("String", e.path, v);
        continue;
      }
      const std::string text =
          v.type == Json::Type::kBool ? (v.boolean ? "true" : "false") : v.text;
      if (has_variable(text)) {
        if (base_family(c.base) != "String" && base_family(c.base) != "Arn")
          report(FindingType::kError, "INVALID_VARIABLE_FOR_OPERATOR",
                 "Policy variables can only be used with String and ARN operators.", e.path, v);
        continue;
      }
      using B = policy::ConditionBase;
      const std::string_view family = base_family(c.base);
      if ((c.base == B::kBool || c.base == B::kNull) && !policy::parse_bool(text)) {
        report(FindingType::kWarning, "TYPE_MISMATCH_BOOLEAN",
               "Add a valid Boolean value (true or false) for the condition operator " + op + ".",
               e.path, v);
      } else if (family == "Numeric" && !policy::parse_number(text)) {
        report(FindingType::kWarning, "TYPE_MISMATCH_NUMBER",
               "Add a valid numeric value for the condition operator " + op + ".", e.path, v);
      } else if (family == "Date" && !policy::parse_date_millis(text)) {
        report(FindingType::kWarning, "TYPE_MISMATCH_DATE",
               "The date condition operator is used with an invalid value. Specify a valid date "
               "using YYYY-MM-DD or other ISO 8601 date/time format.",
               e.path, v);
      } else if (family == "IpAddress" && !policy::parse_ip_block(text)) {
        report(FindingType::kError, "TYPE_MISMATCH_IP_RANGE",
               "The condition operator " + op +
                   " is used with an invalid IP range value. Specify the IP range in standard "
                   "CIDR format.",
               e.path, v);
      } else if (c.base == B::kStringEquals && has_wildcard(text)) {
        report(FindingType::kWarning, "WILDCARD_WITHOUT_LIKE_OPERATOR",
               "Your condition value includes a * or ? character. If you meant to use a wildcard "
               "(*, ?), update the condition operator to include Like.",
               e.path, v);
      }
    }
  }

  // A statement whose text equals an earlier one's but for its Sid grants nothing more.
  void check_redundant_statements(const Json& statements) {
    std::vector<std::string> seen;
    for (size_t i = 0; i < statements.items.size(); ++i) {
      const Json& st = statements.items[i];
      std::string body;
      if (st.type == Json::Type::kObject) {
        for (const auto& [name, value] : st.members) {
          if (name == "Sid") continue;
          body += name + '\x1f' + canonical(value) + '\x1e';
        }
      }
      for (size_t j = 0; j < seen.size() && !body.empty(); ++j) {
        if (seen[j] != body) continue;
        Finding& f = report(FindingType::kSuggestion, "REDUNDANT_STATEMENT",
                            "The statements are redundant because they provide identical "
                            "permissions. Update the policy to remove the redundant statement.",
                            with_index(with({}, "Statement"), j), statements.items[j]);
        add_location(f, with_index(with({}, "Statement"), i), {st.begin, st.end});
        break;
      }
      seen.push_back(std::move(body));
    }
  }

  // A value's text without insignificant whitespace, for comparing statements.
  std::string canonical(const Json& value) const {
    std::string out;
    bool in_string = false;
    for (size_t i = value.begin; i < value.end && i < text_.size(); ++i) {
      const char c = text_[i];
      if (in_string) {
        out += c;
        if (c == '\\' && i + 1 < value.end)
          out += text_[++i];
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
        out += c;
      } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        out += c;
      }
    }
    return out;
  }

  std::string_view text_;
  ValidatedPolicyType type_;
  bool trust_;              // a role trust policy (validatePolicyResourceType)
  bool variables_ = false;  // Version 2012-10-17
  // "Did you mean …?" searches left: each compares a name with a whole service's (bounded for
  // documents full of misspellings).
  int suggestions_left_ = 64;
  std::vector<Finding> out_;
};

}  // namespace

std::vector<Finding> validate_policy(std::string_view document, ValidatedPolicyType type,
                                     std::string_view resource_type) {
  return Validator(document, type, resource_type).run();
}

}  // namespace localiam::analyzer
