#include "policy/policy_parser.hpp"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <initializer_list>
#include <unordered_map>

#include "common/ascii.hpp"

namespace localiam::policy {

namespace {

using rapidjson::SizeType;
using Value = rapidjson::Value;

constexpr std::string_view kSyntaxError = "Syntax errors in policy.";

// The deepest legitimate policy is 6 levels (policy, Statement list, statement, Condition,
// operator, value list). Anything much deeper is rejected while parsing, so that no later walk or
// re-serialisation of the DOM can recurse without bound.
constexpr int kMaxDepth = 32;

// Feeds reader events into a Document, refusing to nest deeper than kMaxDepth. The reader runs
// with kParseIterativeFlag, so the parser itself never recurses either.
class DepthLimitedBuilder {
 public:
  explicit DepthLimitedBuilder(rapidjson::Document& doc) : doc_(doc) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, SizeType n, bool copy) { return doc_.RawNumber(s, n, copy); }
  bool String(const char* s, SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return ++depth_ <= kMaxDepth && doc_.StartObject(); }
  bool EndObject(SizeType n) {
    --depth_;
    return doc_.EndObject(n);
  }
  bool StartArray() { return ++depth_ <= kMaxDepth && doc_.StartArray(); }
  bool EndArray(SizeType n) {
    --depth_;
    return doc_.EndArray(n);
  }

 private:
  rapidjson::Document& doc_;
  int depth_ = 0;
};

// Parses `text` into `doc`; false if it is not exactly one JSON value of valid UTF-8.
bool parse_json(std::string_view text, rapidjson::Document& doc) {
  // rapidjson's memory stream reports NUL as end of input, which would silently accept
  // "{…}\0junk"; a raw NUL is never valid JSON anyway.
  if (text.find('\0') != std::string_view::npos) return false;
  bool ok = false;
  auto generate = [&](rapidjson::Document& target) {
    DepthLimitedBuilder builder(target);
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::Reader reader;
    constexpr unsigned kFlags =
        rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
    ok = !reader.Parse<kFlags>(stream, builder).IsError();
    return ok;
  };
  doc.Populate(generate);
  return ok;
}

AwsError syntax_error() { return errors::MalformedPolicyDocument(std::string(kSyntaxError)); }

std::string_view as_view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// The last member called `name` (duplicate keys: the last occurrence wins), or nullptr.
const Value* last_member(const Value& object, std::string_view name) {
  const Value* found = nullptr;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    if (as_view(it->name) == name) found = &it->value;
  }
  return found;
}

// The members of `object` with repeated names collapsed the way AWS reads them (a linked hash
// map): each name at its first position, holding its last value.
std::vector<std::pair<std::string_view, const Value*>> unique_members(const Value& object) {
  std::vector<std::pair<std::string_view, const Value*>> out;
  std::unordered_map<std::string_view, size_t> index;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    auto [slot, inserted] = index.try_emplace(as_view(it->name), out.size());
    if (inserted) {
      out.emplace_back(as_view(it->name), &it->value);
    } else {
      out[slot->second].second = &it->value;
    }
  }
  return out;
}

bool only_known_keys(const Value& object, std::initializer_list<std::string_view> known) {
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    if (std::find(known.begin(), known.end(), as_view(it->name)) == known.end()) return false;
  }
  return true;
}

// A string, or a list of strings (possibly empty), as a list.
Result<std::vector<std::string>> string_or_list(const Value& v) {
  std::vector<std::string> out;
  if (v.IsString()) {
    out.emplace_back(as_view(v));
    return out;
  }
  if (!v.IsArray()) return syntax_error();
  out.reserve(v.Size());
  for (const Value& item : v.GetArray()) {
    if (!item.IsString()) return syntax_error();
    out.emplace_back(as_view(item));
  }
  return out;
}

// Exactly one of `positive` / `negative` (e.g. Action / NotAction), or neither.
Result<std::optional<ValueList>> value_list(const Value& statement, std::string_view positive,
                                            std::string_view negative) {
  const Value* pos = last_member(statement, positive);
  const Value* neg = last_member(statement, negative);
  if (pos && neg) return syntax_error();
  if (!pos && !neg) return std::optional<ValueList>();
  ValueList list;
  list.negated = neg != nullptr;
  ASSIGN_OR_RETURN(list.values, string_or_list(pos ? *pos : *neg));
  return std::optional<ValueList>(std::move(list));
}

Result<std::optional<PrincipalSet>> principal_set(const Value& statement) {
  const Value* pos = last_member(statement, "Principal");
  const Value* neg = last_member(statement, "NotPrincipal");
  if (pos && neg) return syntax_error();
  if (!pos && !neg) return std::optional<PrincipalSet>();
  const Value& v = pos ? *pos : *neg;
  PrincipalSet set;
  set.negated = neg != nullptr;
  if (v.IsString()) {
    if (as_view(v) != "*") return syntax_error();
    set.any = true;
    return std::optional<PrincipalSet>(std::move(set));
  }
  if (!v.IsObject() || v.MemberCount() == 0) return syntax_error();
  if (!only_known_keys(v, {"AWS", "Service", "Federated", "CanonicalUser"})) return syntax_error();
  for (const auto& [type, ids] : unique_members(v)) {
    ASSIGN_OR_RETURN(std::vector<std::string> list, string_or_list(*ids));
    if (list.empty()) return syntax_error();
    set.by_type.emplace_back(std::string(type), std::move(list));
  }
  return std::optional<PrincipalSet>(std::move(set));
}

// A condition value as text: strings as they are, numbers and booleans as their JSON text.
std::optional<std::string> condition_scalar(const Value& v) {
  if (v.IsString()) return std::string(as_view(v));
  if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
  if (v.IsNumber()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);  // a scalar: no recursion
    return std::string(buffer.GetString(), buffer.GetSize());
  }
  return std::nullopt;
}

Result<std::vector<ConditionEntry>> conditions(const Value& block) {
  if (!block.IsObject()) return syntax_error();
  std::vector<ConditionEntry> out;
  for (const auto& [op, keys] : unique_members(block)) {
    if (!keys->IsObject()) return syntax_error();
    for (const auto& [key, values] : unique_members(*keys)) {
      ConditionEntry entry{std::string(op), std::string(key), {}};
      if (values->IsArray()) {
        entry.values.reserve(values->Size());
        for (const Value& item : values->GetArray()) {
          std::optional<std::string> s = condition_scalar(item);
          if (!s) return syntax_error();
          entry.values.push_back(std::move(*s));
        }
      } else {
        std::optional<std::string> s = condition_scalar(*values);
        if (!s) return syntax_error();
        entry.values.push_back(std::move(*s));
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

Result<Statement> statement(const Value& v) {
  if (!v.IsObject()) return syntax_error();
  if (!only_known_keys(v, {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
                           "Principal", "NotPrincipal", "Condition"})) {
    return syntax_error();
  }
  Statement st;
  if (const Value* sid = last_member(v, "Sid")) {
    if (!sid->IsString()) return syntax_error();
    st.sid = std::string(as_view(*sid));
  }
  const Value* effect = last_member(v, "Effect");
  if (!effect || !effect->IsString()) return syntax_error();
  const std::string_view effect_text = as_view(*effect);
  if (ascii::iequals(effect_text, "Allow")) {
    st.effect = Effect::kAllow;
    st.effect_exact_case = effect_text == "Allow";
  } else if (ascii::iequals(effect_text, "Deny")) {
    st.effect = Effect::kDeny;
    st.effect_exact_case = effect_text == "Deny";
  } else {
    return syntax_error();
  }
  ASSIGN_OR_RETURN(st.actions, value_list(v, "Action", "NotAction"));
  ASSIGN_OR_RETURN(st.resources, value_list(v, "Resource", "NotResource"));
  ASSIGN_OR_RETURN(st.principal, principal_set(v));
  if (const Value* condition = last_member(v, "Condition")) {
    ASSIGN_OR_RETURN(st.conditions, conditions(*condition));
  }
  return st;
}

}  // namespace

std::string_view invalid_json_message(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kTrust:
      return "This policy contains invalid Json";
    case PolicyKind::kSession:
      return "The policy is not in the valid JSON format.";
    case PolicyKind::kIdentity:
      break;
  }
  return kSyntaxError;
}

Result<ParsedPolicy> parse_policy(std::string_view document, PolicyKind kind) {
  rapidjson::Document doc;
  if (!parse_json(document, doc)) {
    return errors::MalformedPolicyDocument(std::string(invalid_json_message(kind)));
  }
  if (!doc.IsObject() || !only_known_keys(doc, {"Version", "Id", "Statement"})) {
    return syntax_error();
  }
  ParsedPolicy policy;
  if (const Value* version = last_member(doc, "Version")) {
    if (!version->IsString()) return syntax_error();
    policy.version = std::string(as_view(*version));
  }
  if (const Value* id = last_member(doc, "Id")) {
    if (!id->IsString()) return syntax_error();
    policy.id = std::string(as_view(*id));
  }
  const Value* statements = last_member(doc, "Statement");
  if (!statements) return syntax_error();
  if (statements->IsArray()) {
    if (statements->Empty()) return syntax_error();
    policy.statements.reserve(statements->Size());
    for (const Value& item : statements->GetArray()) {
      ASSIGN_OR_RETURN(Statement st, statement(item));
      policy.statements.push_back(std::move(st));
    }
  } else {
    ASSIGN_OR_RETURN(Statement st, statement(*statements));
    policy.statements.push_back(std::move(st));
  }
  return policy;
}

}  // namespace localiam::policy
