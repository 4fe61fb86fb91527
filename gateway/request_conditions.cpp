#include "gateway/request_conditions.hpp"

#include <rapidjson/document.h>

#include <cctype>
#include <vector>

#include "common/ascii.hpp"
#include "common/url_encoding.hpp"
#include "data/service_authorization.hpp"

namespace localiam::gateway {

namespace {

using Json = rapidjson::Value;

// "kms:EncryptionContext:${EncryptionContextKey}" covers "kms:EncryptionContext:anything".
bool key_matches(std::string_view listed, std::string_view key) {
  // The Reference writes the variable part as ${Name}, a few as <key> or a literal tag-key
  // (secretsmanager:ResourceTag/tag-key).
  size_t var = listed.find("${");
  if (var == std::string_view::npos) var = listed.find('<');
  if (var == std::string_view::npos && listed.ends_with("/tag-key")) var = listed.size() - 7;
  if (var == std::string_view::npos) return ascii::iequals(listed, key);
  return key.size() > var && ascii::iequals(listed.substr(0, var), key.substr(0, var));
}

const Json* member(const Json& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

std::string text(const Json& v) { return std::string(v.GetString(), v.GetStringLength()); }

// The value of a DynamoDB AttributeValue ({"S": "x"}, {"N": "1"}, {"B": "…"}) as text.
std::optional<std::string> scalar(const Json* value) {
  if (!value || !value->IsObject()) return std::nullopt;
  for (const char* type : {"S", "N", "B"})
    if (const Json* v = member(*value, type); v && v->IsString()) return text(*v);
  return std::nullopt;
}

// Tokens of a DynamoDB expression: names (with '#'), values (with ':'), and single characters.
std::vector<std::string> tokens(std::string_view e) {
  std::vector<std::string> out;
  for (size_t i = 0; i < e.size();) {
    const unsigned char c = static_cast<unsigned char>(e[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (std::isalnum(c) || c == '_' || c == '#' || c == ':') {
      size_t j = i + 1;
      while (j < e.size() &&
             (std::isalnum(static_cast<unsigned char>(e[j])) || e[j] == '_' || e[j] == '-'))
        ++j;
      out.emplace_back(e.substr(i, j - i));
      i = j;
    } else if ((c == '<' || c == '>') && i + 1 < e.size() && e[i + 1] == '=') {
      out.emplace_back(e.substr(i, 2));
      i += 2;
    } else {
      out.emplace_back(1, static_cast<char>(c));
      ++i;
    }
  }
  return out;
}

std::string resolve(const std::string& token, const Json* names) {
  if (token.starts_with("#") && names)
    if (const Json* v = member(*names, token.c_str()); v && v->IsString()) return text(*v);
  return token;
}

bool is_name(const std::string& t) {
  return !t.empty() &&
         (t[0] == '#' || std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
}

// Top-level attribute names of a projection or update expression.
std::vector<std::string> expression_names(std::string_view expression, const Json* names) {
  static constexpr std::string_view kKeywords[] = {"SET", "REMOVE", "ADD",     "DELETE", "AND",
                                                   "OR",  "NOT",    "BETWEEN", "IN"};
  const std::vector<std::string> t = tokens(expression);
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!is_name(t[i])) continue;
    if (i > 0 && (t[i - 1] == "." || t[i - 1] == ":")) continue;  // a nested path's part
    if (i + 1 < t.size() && t[i + 1] == "(") continue;            // a function
    bool keyword = false;
    for (std::string_view k : kKeywords) keyword = keyword || ascii::iequals(t[i], k);
    if (keyword) continue;
    std::string name = resolve(t[i], names);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

// The hash key's values among `keys` (objects of AttributeValues: Key, Item).
void key_values(const Json* object, std::string_view hash_key, std::vector<std::string>& out) {
  if (!object || !object->IsObject()) return;
  const std::string key(hash_key);
  if (auto v = scalar(member(*object, key.c_str()))) out.push_back(std::move(*v));
}

// Equalities on the hash key in a KeyConditionExpression.
void condition_values(std::string_view expression, const Json& body, std::string_view hash_key,
                      std::vector<std::string>& out) {
  const Json* names = member(body, "ExpressionAttributeNames");
  const Json* values = member(body, "ExpressionAttributeValues");
  const std::vector<std::string> t = tokens(expression);
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (t[i] != "=") continue;
    for (auto [name, value] : {std::pair{t[i - 1], t[i + 1]}, std::pair{t[i + 1], t[i - 1]}}) {
      if (!value.starts_with(":") || resolve(name, names) != hash_key || !values) continue;
      if (auto v = scalar(member(*values, value.c_str()))) out.push_back(std::move(*v));
    }
  }
}

// The table's name in its ARN ("…:table/T" or "…:table/T/index/I").
std::string table_name(std::string_view resource) {
  const size_t at = resource.find(":table/");
  if (at == std::string_view::npos) return "";
  std::string_view name = resource.substr(at + 7);
  return std::string(name.substr(0, name.find('/')));
}

void dynamodb_keys(const OperationFacts& op, const Json& body, std::string_view hash_key,
                   policy::ContextKeys& out) {
  std::vector<std::string> leading;
  if (!hash_key.empty()) {
    key_values(member(body, "Key"), hash_key, leading);
    key_values(member(body, "Item"), hash_key, leading);
    if (const Json* e = member(body, "KeyConditionExpression"); e && e->IsString())
      condition_values(text(*e), body, hash_key, leading);
    if (const Json* kc = member(body, "KeyConditions"); kc && kc->IsObject()) {
      const std::string key(hash_key);
      const Json* c = member(*kc, key.c_str());
      const Json* list = c ? member(*c, "AttributeValueList") : nullptr;
      if (list && list->IsArray())
        for (const Json& v : list->GetArray())
          if (auto s = scalar(&v)) leading.push_back(std::move(*s));
    }
    // BatchGetItem / BatchWriteItem: this table's items.
    const std::string table = table_name(op.resource);
    if (const Json* items = member(body, "RequestItems"); items && !table.empty()) {
      if (const Json* mine = member(*items, table.c_str())) {
        if (const Json* keys = member(*mine, "Keys"); keys && keys->IsArray())
          for (const Json& k : keys->GetArray()) key_values(&k, hash_key, leading);
        if (mine->IsArray()) {
          for (const Json& w : mine->GetArray()) {
            if (const Json* put = member(w, "PutRequest"))
              key_values(member(*put, "Item"), hash_key, leading);
            if (const Json* del = member(w, "DeleteRequest"))
              key_values(member(*del, "Key"), hash_key, leading);
          }
        }
      }
    }
  }
  if (!leading.empty() && key_listed(op.action, "dynamodb:LeadingKeys"))
    out.set("dynamodb:LeadingKeys", std::move(leading));

  std::vector<std::string> attributes;
  const Json* names = member(body, "ExpressionAttributeNames");
  auto add = [&](std::string name) {
    if (std::find(attributes.begin(), attributes.end(), name) == attributes.end())
      attributes.push_back(std::move(name));
  };
  for (const char* object : {"Item", "AttributeUpdates"})
    if (const Json* o = member(body, object); o && o->IsObject())
      for (auto m = o->MemberBegin(); m != o->MemberEnd(); ++m) add(m->name.GetString());
  if (const Json* a = member(body, "AttributesToGet"); a && a->IsArray())
    for (const Json& n : a->GetArray())
      if (n.IsString()) add(text(n));
  for (const char* expression : {"ProjectionExpression", "UpdateExpression"})
    if (const Json* e = member(body, expression); e && e->IsString())
      for (std::string& n : expression_names(text(*e), names)) add(std::move(n));
  if (!attributes.empty() && key_listed(op.action, "dynamodb:Attributes"))
    out.set("dynamodb:Attributes", std::move(attributes));
}

// Keys whose value is a top-level string member of the body.
struct StringKey {
  std::string_view service;
  std::string_view key;
  const char* member;
};

constexpr StringKey kStringKeys[] = {
    {"dynamodb", "dynamodb:Select", "Select"},
    {"dynamodb", "dynamodb:ReturnValues", "ReturnValues"},
    {"dynamodb", "dynamodb:ReturnConsumedCapacity", "ReturnConsumedCapacity"},
    {"kms", "kms:EncryptionAlgorithm", "EncryptionAlgorithm"},
    {"kms", "kms:KeySpec", "KeySpec"},
    {"kms", "kms:KeyUsage", "KeyUsage"},
    {"kms", "kms:KeyOrigin", "Origin"},
    {"kms", "kms:SigningAlgorithm", "SigningAlgorithm"},
    {"secretsmanager", "secretsmanager:SecretId", "SecretId"},
    {"secretsmanager", "secretsmanager:Name", "Name"},
    {"secretsmanager", "secretsmanager:Description", "Description"},
    {"secretsmanager", "secretsmanager:KmsKeyArn", "KmsKeyId"},
    {"secretsmanager", "secretsmanager:VersionId", "VersionId"},
    {"secretsmanager", "secretsmanager:VersionStage", "VersionStage"},
};

void set_if_listed(const OperationFacts& op, std::string_view key, std::vector<std::string> values,
                   policy::ContextKeys& out) {
  if (key_listed(op.action, key)) out.set(key, std::move(values));
}

// aws:RequestTag/KEY and aws:TagKeys from Tags (a list of Key/Value or TagKey/TagValue, or a
// map) and TagKeys.
void tag_keys(const OperationFacts& op, const Json& body, policy::ContextKeys& out) {
  std::vector<std::string> keys;
  for (const char* name : {"Tags", "tags"}) {
    const Json* tags = member(body, name);
    if (!tags) continue;
    auto one = [&](std::string key, std::string value) {
      if (key_listed(op.action, "aws:RequestTag/" + key)) out.set("aws:RequestTag/" + key, value);
      keys.push_back(std::move(key));
    };
    if (tags->IsObject()) {
      for (auto m = tags->MemberBegin(); m != tags->MemberEnd(); ++m)
        if (m->value.IsString()) one(m->name.GetString(), text(m->value));
    } else if (tags->IsArray()) {
      for (const Json& t : tags->GetArray()) {
        const Json* k = member(t, "Key");
        if (!k) k = member(t, "TagKey");
        const Json* v = member(t, "Value");
        if (!v) v = member(t, "TagValue");
        if (k && k->IsString()) one(text(*k), v && v->IsString() ? text(*v) : "");
      }
    }
  }
  if (const Json* removed = member(body, "TagKeys"); removed && removed->IsArray())
    for (const Json& k : removed->GetArray())
      if (k.IsString()) keys.push_back(text(k));
  if (!keys.empty()) set_if_listed(op, "aws:TagKeys", std::move(keys), out);
}

void json_keys(const OperationFacts& op, const HttpRequest& request, std::string_view hash_key,
               policy::ContextKeys& out) {
  rapidjson::Document body;
  body.Parse(request.body.data(), request.body.size());
  if (body.HasParseError() || !body.IsObject()) return;
  for (const StringKey& k : kStringKeys) {
    if (k.service != op.service) continue;
    if (const Json* v = member(body, k.member); v && v->IsString())
      set_if_listed(op, k.key, {text(*v)}, out);
  }
  if (op.service == "dynamodb") dynamodb_keys(op, body, hash_key, out);
  if (op.service == "kms") {
    if (const Json* context = member(body, "EncryptionContext"); context && context->IsObject()) {
      std::vector<std::string> keys;
      for (auto m = context->MemberBegin(); m != context->MemberEnd(); ++m) {
        if (!m->value.IsString()) continue;
        const std::string key = std::string("kms:EncryptionContext:") + m->name.GetString();
        if (key_listed(op.action, key)) out.set(key, text(m->value));
        keys.emplace_back(m->name.GetString());
      }
      if (!keys.empty()) set_if_listed(op, "kms:EncryptionContextKeys", std::move(keys), out);
    }
  }
  tag_keys(op, body, out);
}

// s3:RequestObjectTag/KEY and s3:RequestObjectTagKeys from x-amz-tagging ("k1=v1&k2=v2").
void object_tags(const OperationFacts& op, std::string_view tagging, policy::ContextKeys& out) {
  std::vector<std::string> keys;
  while (!tagging.empty()) {
    const size_t amp = tagging.find('&');
    const std::string_view pair = tagging.substr(0, amp);
    tagging = amp == std::string_view::npos ? std::string_view() : tagging.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::optional<std::string> key = form_decode(pair.substr(0, eq));
    std::optional<std::string> value =
        form_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) continue;
    set_if_listed(op, "s3:RequestObjectTag/" + *key, {std::move(*value)}, out);
    keys.push_back(std::move(*key));
  }
  if (!keys.empty()) set_if_listed(op, "s3:RequestObjectTagKeys", std::move(keys), out);
}

void s3_keys(const OperationFacts& op, const HttpRequest& request, policy::ContextKeys& out) {
  std::string_view query = request.query();
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (name != "prefix" && name != "delimiter" && name != "max-keys") continue;
    std::optional<std::string> value =
        form_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (value) set_if_listed(op, "s3:" + std::string(name), {std::move(*value)}, out);
  }
  for (const auto& [name, value] : request.headers) {
    const std::string lower = ascii::to_lower(name);
    if (lower == "if-match" || lower == "if-none-match")
      set_if_listed(op, "s3:" + lower, {value}, out);
    if (!lower.starts_with("x-amz-") || lower == "x-amz-date" || lower == "x-amz-security-token")
      continue;
    // x-amz-object-lock-mode is s3:object-lock-mode; the other headers keep their name.
    if (lower.starts_with("x-amz-object-lock-")) {
      set_if_listed(op, "s3:" + lower.substr(6), {value}, out);
    } else {
      set_if_listed(op, "s3:" + lower, {value}, out);
    }
    if (lower == "x-amz-tagging") object_tags(op, value, out);
  }
  const bool presigned = request.query().find("X-Amz-Signature=") != std::string_view::npos;
  set_if_listed(op, "s3:authType", {presigned ? "REST-QUERY-STRING" : "REST-HEADER"}, out);
  set_if_listed(op, "s3:signatureversion", {"AWS4-HMAC-SHA256"}, out);
}

}  // namespace

bool key_listed(std::string_view action, std::string_view key) {
  const size_t colon = action.find(':');
  if (colon == std::string_view::npos) return false;
  const data::AuthorizedAction* a = data::ServiceAuthorization::instance().find_action(
      action.substr(0, colon), action.substr(colon + 1));
  if (!a) return false;
  for (const std::string& listed : a->condition_keys)
    if (key_matches(listed, key)) return true;
  for (const data::ActionResource& r : a->resource_types) {
    for (const std::string& listed : r.condition_keys)
      if (key_matches(listed, key)) return true;
    for (const std::string& listed : r.type->condition_keys)
      if (key_matches(listed, key)) return true;
  }
  return false;
}

void add_request_conditions(const OperationFacts& op, const HttpRequest& request,
                            std::string_view hash_key, policy::ContextKeys& out) {
  if (op.service == "s3") {
    s3_keys(op, request, out);
  } else if (!request.body.empty() && request.body.front() == '{') {
    json_keys(op, request, hash_key, out);
  }
}

void add_resource_tags(const OperationFacts& op, const Tags& tags, policy::ContextKeys& out) {
  // Besides the global key, the services that have their own: secretsmanager:ResourceTag/…,
  // ssm:resourceTag/… (where the Reference lists them for the action).
  const std::string own = op.service == "secretsmanager" ? "secretsmanager:ResourceTag/"
                          : op.service == "ssm"          ? "ssm:resourceTag/"
                                                         : "";
  for (const auto& [key, value] : tags) {
    for (const std::string& prefix : {std::string("aws:ResourceTag/"), own}) {
      if (prefix.empty()) continue;
      const std::string name = prefix + key;
      if (key_listed(op.action, name)) out.set(name, value);
    }
  }
}

}  // namespace localiam::gateway
