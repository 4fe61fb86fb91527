#include "query/param_rules.hpp"

#include <charconv>

#include "common/ascii.hpp"
#include "common/utf8.hpp"

namespace localiam::api {

namespace {

bool is_word(int32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool in(int32_t c, std::string_view set) {
  return c >= 0 && c < 0x80 && set.find(static_cast<char>(c)) != std::string_view::npos;
}

template <typename Pred>
bool all_code_points(std::string_view s, Pred pred) {
  for (size_t i = 0; i < s.size();) {
    int32_t c = utf8::decode(s, i);
    if (c < 0 || !pred(c)) return false;
  }
  return true;
}

// \p{L}\p{Z}\p{N}_.:/=+\-@ approximated without Unicode tables: ASCII letters, digits and
// space exactly, and every code point from U+0080 up taken as a letter. So a few non-ASCII
// symbols AWS would refuse (e.g. U+00D7 MULTIPLICATION SIGN) pass here; nothing AWS accepts
// is refused.
bool tag_char(int32_t c) {
  return c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         in(c, " _.:/=+-@");
}

bool policy_path_ok(std::string_view s) {
  if (s.empty() || s.front() != '/' || s.back() != '/') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '/') {
      if (i + 1 < s.size() && s[i + 1] == '/') return false;
      continue;
    }
    if (!(is_word(static_cast<unsigned char>(c)) || in(c, ".,+@=-"))) return false;
  }
  return true;
}

bool version_id_ok(std::string_view s) {
  if (s.size() < 2 || s[0] != 'v' || s[1] < '1' || s[1] > '9') return false;
  size_t i = 2;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$: 3-63 lowercase letters, digits and single dashes,
// starting and ending with a letter or digit.
bool account_alias_ok(std::string_view s) {
  if (s.size() < 3 || s.size() > 63) return false;
  if (!lower_or_digit(s.front()) || !lower_or_digit(s.back())) return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '-') {
      if (s[i + 1] == '-') return false;
    } else if (!lower_or_digit(s[i])) {
      return false;
    }
  }
  return true;
}

// Whether s[i..] starts with n..m characters of `ok`; advances i past them.
template <typename Pred>
bool run_of(std::string_view s, size_t& i, size_t n, size_t m, Pred ok) {
  size_t start = i;
  while (i < s.size() && i - start < m && ok(s[i])) ++i;
  return i - start >= n;
}

// ^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]* (a prefix match: anything may follow).
bool organizations_entity_path_ok(std::string_view s) {
  if (!s.starts_with("o-")) return false;
  size_t i = 2;
  if (!run_of(s, i, 10, 32, lower_or_digit)) return false;
  if (s.substr(i, 3) != "/r-") return false;
  i += 3;
  return run_of(s, i, 4, 32, lower_or_digit);
}

// ^http(s?)://[a-zA-Z0-9._/-]*(\?[a-zA-Z0-9._=&-]*)?(#[a-zA-Z0-9._/-]*)?$
bool redirect_url_ok(std::string_view s) {
  size_t i = 0;
  if (s.starts_with("https://"))
    i = 8;
  else if (s.starts_with("http://"))
    i = 7;
  else
    return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  auto path_char = [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '/' || c == '-'; };
  auto query_char = [&](char c) {
    return alnum(c) || c == '.' || c == '_' || c == '=' || c == '&' || c == '-';
  };
  while (i < s.size() && path_char(s[i])) ++i;
  if (i < s.size() && s[i] == '?') {
    ++i;
    while (i < s.size() && query_char(s[i])) ++i;
  }
  if (i < s.size() && s[i] == '#') {
    ++i;
    while (i < s.size() && path_char(s[i])) ++i;
  }
  return i == s.size();
}

std::string lower_first(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = ascii::to_lower(out[0]);
  return out;
}

}  // namespace

bool matches_pattern(std::string_view v, Pattern pattern) {
  switch (pattern) {
    case Pattern::kNone:
      return true;
    case Pattern::kName:
      return !v.empty() &&
             all_code_points(v, [](int32_t c) { return is_word(c) || in(c, "+=,.@-"); });
    case Pattern::kPath:
      if (v == "/") return true;
      return v.size() >= 3 && v.front() == '/' && v.back() == '/' &&
             all_code_points(v, [](int32_t c) { return c >= 0x21 && c <= 0x7E; });
    case Pattern::kPolicyPath:
      return policy_path_ok(v);
    case Pattern::kPathPrefix:
      return !v.empty() && v.front() == '/' &&
             all_code_points(v, [](int32_t c) { return c >= 0x21 && c <= 0x7F; });
    case Pattern::kPolicyDocument:
      return !v.empty() && all_code_points(v, [](int32_t c) {
        return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0xFF);
      });
    case Pattern::kRoleDescription:
      return all_code_points(v, [](int32_t c) {
        return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) ||
               (c >= 0xA1 && c <= 0xFF);
      });
    case Pattern::kMarker:
      return !v.empty() && all_code_points(v, [](int32_t c) { return c >= 0x20 && c <= 0xFF; });
    case Pattern::kAccessKeyId:
      return !v.empty() && all_code_points(v, is_word);
    case Pattern::kSessionName:
      return all_code_points(v, [](int32_t c) { return is_word(c) || in(c, "+=,.@-"); });
    case Pattern::kVersionId:
      return version_id_ok(v);
    case Pattern::kExternalId:
      return all_code_points(v, [](int32_t c) { return is_word(c) || in(c, "+=,.@:/-"); });
    case Pattern::kSerialNumber:
      return all_code_points(v, [](int32_t c) { return is_word(c) || in(c, "+=/:,.@-"); });
    case Pattern::kTokenCode:
      return all_code_points(v, [](int32_t c) { return c >= '0' && c <= '9'; });
    case Pattern::kMfaSerialNumber:
      return !v.empty() &&
             all_code_points(v, [](int32_t c) { return is_word(c) || in(c, "+=/:,.@-"); });
    case Pattern::kAuthenticationCode:
      return !v.empty() && all_code_points(v, [](int32_t c) { return c >= '0' && c <= '9'; });
    case Pattern::kAccountAlias:
      return account_alias_ok(v);
    case Pattern::kServiceNamespace:
      return all_code_points(v, [](int32_t c) { return is_word(c) || c == '-'; });
    case Pattern::kDelegationRequestId:
      return !v.empty() && all_code_points(v, [](int32_t c) { return is_word(c) || c == '-'; });
    case Pattern::kOrganizationsEntityPath:
      return organizations_entity_path_ok(v);
    case Pattern::kOrganizationsPolicyId:
      return v.size() >= 10 && v.size() <= 130 && v.starts_with("p-") &&
             all_code_points(v.substr(2), [](int32_t c) { return is_word(c); });
    case Pattern::kAccountId:
      return v.size() == 12 && all_code_points(v, [](int32_t c) { return c >= '0' && c <= '9'; });
    case Pattern::kNotificationChannel:
      return !v.empty() && all_code_points(v, [](int32_t c) {
        return (is_word(c) && c != '_') || in(c, ":_.-");
      });
    case Pattern::kRedirectUrl:
      return redirect_url_ok(v);
    case Pattern::kOwnerId:
      return !v.empty() &&
             all_code_points(v, [](int32_t c) { return is_word(c) || in(c, ":/+=,.@-"); });
    case Pattern::kRequestorWorkflowId:
      return !v.empty() && matches_pattern(v, Pattern::kRoleDescription);
    case Pattern::kTagKey:
      return !v.empty() && all_code_points(v, tag_char);
    case Pattern::kTagValue:
      return all_code_points(v, tag_char);
    case Pattern::kStsArn:
      return !v.empty() && all_code_points(v, [](int32_t c) {
        return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
               (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
               (c >= 0x10000 && c <= 0x10FFFF);
      });
  }
  return false;
}

namespace {

// The constraints a string value breaks, in AWS's order (max length, min length, pattern, enum).
std::vector<std::string> string_violations(const std::string& value, const ParamRule& rule,
                                           ValidationStyle style) {
  std::vector<std::string> out;
  int64_t length = static_cast<int64_t>(utf8::length(value));
  if (rule.max_length >= 0 && length > rule.max_length)
    out.push_back("Member must have length less than or equal to " +
                  std::to_string(rule.max_length));
  if (rule.min_length >= 0 && length < rule.min_length)
    out.push_back("Member must have length greater than or equal to " +
                  std::to_string(rule.min_length));
  if (rule.pattern != Pattern::kNone && !matches_pattern(value, rule.pattern))
    out.push_back("Member must satisfy regular expression pattern: " +
                  std::string(pattern_text(rule.pattern)));
  if (!rule.enum_values.empty()) {
    bool found = false;
    for (std::string_view e : rule.enum_values) found = found || e == value;
    if (!found) {
      std::string constraint = "Member must satisfy enum value set";
      if (style == ValidationStyle::kSts) {
        constraint += ": [";
        for (size_t i = 0; i < rule.enum_values.size(); ++i)
          constraint += (i ? ", " : "") + std::string(rule.enum_values[i]);
        constraint += "]";
      }
      out.push_back(std::move(constraint));
    }
  }
  return out;
}

// Adds one problem per broken constraint of a scalar parameter (or list field) at `member`.
void check_scalar(const std::string* value, const ParamRule& rule, const std::string& member,
                  ValidationStyle style, std::vector<std::string>& problems) {
  auto report = [&](const std::string& constraint) {
    std::string item = "Value ";
    if (style == ValidationStyle::kSts && value) item += "'" + *value + "' ";
    if (!value) item += "null ";
    item += "at '" + member + "' failed to satisfy constraint: " + constraint;
    problems.push_back(std::move(item));
  };
  if (!value) {
    if (rule.required) report("Member must not be null");
    return;
  }
  switch (rule.kind) {
    case ParamKind::kInteger: {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
      if (ec != std::errc() || end != value->data() + value->size()) {
        report("Member must be a number");
        break;
      }
      if (rule.min_value && n < *rule.min_value)
        report("Member must have value greater than or equal to " +
               std::to_string(*rule.min_value));
      if (rule.max_value && n > *rule.max_value)
        report("Member must have value less than or equal to " + std::to_string(*rule.max_value));
      break;
    }
    case ParamKind::kBoolean:
      if (*value != "true" && *value != "false") report("Member must be a boolean");
      break;
    case ParamKind::kString:
      for (const std::string& c : string_violations(*value, rule, style)) report(c);
      break;
    case ParamKind::kList:
    case ParamKind::kStructList:
      break;  // handled by check_list
  }
}

// Every constraint of a list member's rule, as AWS lists them in the composite message.
std::string composite_constraint(const ParamRule& rule) {
  std::vector<std::string> all;
  if (rule.max_length >= 0)
    all.push_back("Member must have length less than or equal to " +
                  std::to_string(rule.max_length));
  if (rule.min_length >= 0)
    all.push_back("Member must have length greater than or equal to " +
                  std::to_string(rule.min_length));
  if (rule.pattern != Pattern::kNone)
    all.push_back("Member must satisfy regular expression pattern: " +
                  std::string(pattern_text(rule.pattern)));
  all.push_back("Member must not be null");
  std::string out = "Member must satisfy constraint: [";
  for (size_t i = 0; i < all.size(); ++i) out += (i ? ", " : "") + all[i];
  return out + "]";
}

void check_list(const QueryParams& params, const ParamRule& rule, ValidationStyle style,
                std::vector<std::string>& problems) {
  const std::string member = lower_first(rule.name);
  auto report = [&](const std::string& constraint) {
    problems.push_back("Value at '" + member + "' failed to satisfy constraint: " + constraint);
  };
  std::vector<std::string> scalars;
  std::vector<std::vector<std::optional<std::string>>> structs;
  size_t count = 0;
  if (rule.kind == ParamKind::kList) {
    scalars = params.list(rule.name);
    count = scalars.size();
  } else {
    std::vector<std::string_view> fields;
    for (const ParamRule& f : rule.members) fields.push_back(f.name);
    structs = params.struct_list(rule.name, fields);
    count = structs.size();
  }
  if (count == 0 && !params.has(rule.name)) {
    if (rule.required)
      problems.push_back("Value null at '" + member +
                         "' failed to satisfy constraint: Member must not be null");
    return;
  }
  const auto n = static_cast<int64_t>(count);
  if (rule.max_length >= 0 && n > rule.max_length)
    report("Member must have length less than or equal to " + std::to_string(rule.max_length));
  if (rule.min_length >= 0 && n < rule.min_length)
    report("Member must have length greater than or equal to " + std::to_string(rule.min_length));
  if (rule.members.empty()) return;
  if (rule.kind == ParamKind::kList) {
    for (const std::string& v : scalars) {
      if (!string_violations(v, rule.members[0], style).empty()) {
        report(composite_constraint(rule.members[0]));
        break;
      }
    }
    return;
  }
  for (size_t i = 0; i < structs.size(); ++i) {
    for (size_t f = 0; f < rule.members.size(); ++f) {
      const auto& value = structs[i][f];
      std::string at =
          member + "." + std::to_string(i + 1) + ".member." + lower_first(rule.members[f].name);
      check_scalar(value ? &*value : nullptr, rule.members[f], at, style, problems);
    }
  }
}

}  // namespace

Status validate_params(const QueryParams& params, const std::vector<ParamRule>& rules,
                       ValidationStyle style) {
  std::vector<std::string> problems;
  for (const ParamRule& rule : rules) {
    if (rule.kind == ParamKind::kList || rule.kind == ParamKind::kStructList) {
      check_list(params, rule, style, problems);
      continue;
    }
    check_scalar(params.get(rule.name), rule, lower_first(rule.name), style, problems);
  }
  return validation_errors(problems);
}

Status validation_errors(const std::vector<std::string>& problems) {
  if (problems.empty()) return ok_status();
  std::string message =
      std::to_string(problems.size()) +
      (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return errors::ValidationError(std::move(message));
}

}  // namespace localiam::api
