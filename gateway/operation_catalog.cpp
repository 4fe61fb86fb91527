#include "gateway/operation_catalog.hpp"

#include <algorithm>

#include "data/embedded_json.hpp"

// data/gateway_operations.json, placed in .rodata by gateway_operations_blob.S (a NUL follows
// _end).
extern "C" const char localiam_gateway_operations_json[];
extern "C" const char localiam_gateway_operations_json_end[];

namespace localiam::gateway {

namespace {

using data::EmbeddedJson;
using Value = EmbeddedJson::Value;

std::string optional_text(const EmbeddedJson& json, const Value& object, const char* name,
                          std::string_view where) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? std::string() : json.text(it->value, where);
}

std::vector<std::string> texts(const EmbeddedJson& json, const Value& object, const char* name,
                               std::string_view where) {
  std::vector<std::string> out;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return out;
  if (!it->value.IsArray()) json.fail("not an array", where);
  for (const Value& v : it->value.GetArray()) out.push_back(json.text(v, where));
  return out;
}

NamePairs pairs(const EmbeddedJson& json, const Value& object, const char* name,
                std::string_view where) {
  NamePairs out;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return out;
  if (!it->value.IsObject()) json.fail("not an object", where);
  for (const auto& m : it->value.GetObject())
    out.emplace_back(json.text(m.name, where), json.text(m.value, where));
  return out;
}

Transform transform_named(const EmbeddedJson& json, std::string_view name, std::string_view where) {
  static constexpr std::pair<std::string_view, Transform> kNames[] = {
      {"plain", Transform::kPlain},
      {"last_path_segment", Transform::kLastPathSegment},
      {"drop_leading_slash", Transform::kDropLeadingSlash},
      {"lambda_function", Transform::kLambdaFunction},
      {"kms_key", Transform::kKmsKey},
      {"copy_source_bucket", Transform::kCopySourceBucket},
      {"copy_source_key", Transform::kCopySourceKey},
      {"copy_source_version", Transform::kCopySourceVersion},
  };
  for (const auto& [n, t] : kNames)
    if (n == name) return t;
  json.fail("unknown transform " + std::string(name), where);
}

Protocol protocol_named(const EmbeddedJson& json, std::string_view name, std::string_view where) {
  if (name == "json") return Protocol::kJson;
  if (name == "query") return Protocol::kQuery;
  if (name == "rest-json") return Protocol::kRestJson;
  if (name == "rest-xml") return Protocol::kRestXml;
  json.fail("unknown protocol " + std::string(name), where);
}

std::vector<MemberSource> member_sources(const EmbeddedJson& json, const Value& list,
                                         std::string_view where) {
  if (!list.IsArray()) json.fail("not an array", where);
  std::vector<MemberSource> sources;
  for (const Value& s : list.GetArray())
    sources.push_back(
        {json.text(json.member(s, "member", where), where),
         transform_named(json, json.text(json.member(s, "transform", where), where), where)});
  return sources;
}

ActionNeed action_need(const EmbeddedJson& json, const Value& row, std::string_view where) {
  ActionNeed need;
  need.action = json.text(json.member(row, "action", where), where);
  need.arn = json.text(json.member(row, "arn", where), where);
  need.resource_type = optional_text(json, row, "resourceType", where);
  auto vars = row.FindMember("variables");
  if (vars != row.MemberEnd()) {
    for (const auto& v : vars->value.GetObject())
      need.variables.emplace_back(json.text(v.name, where), member_sources(json, v.value, where));
  }
  if (auto version = row.FindMember("version"); version != row.MemberEnd()) {
    need.version_action = json.text(json.member(version->value, "action", where), where);
    need.version_sources = member_sources(json, json.member(version->value, "from", where), where);
  }
  return need;
}

OperationSpec operation_spec(const EmbeddedJson& json, std::string name, const Value& row) {
  const std::string& where = name;
  OperationSpec op;
  op.method = optional_text(json, row, "method", where);
  op.uri = optional_text(json, row, "uri", where);
  std::string_view uri = op.uri;
  const size_t q = uri.find('?');
  std::string_view markers = q == std::string_view::npos ? "" : uri.substr(q + 1);
  uri = uri.substr(0, q);
  if (uri.starts_with('/')) uri.remove_prefix(1);
  while (!uri.empty()) {
    const size_t slash = uri.find('/');
    op.path_segments.emplace_back(uri.substr(0, slash));
    uri = slash == std::string_view::npos ? "" : uri.substr(slash + 1);
  }
  while (!markers.empty()) {
    const std::string_view marker = markers.substr(0, markers.find('&'));
    markers = marker.size() == markers.size() ? "" : markers.substr(marker.size() + 1);
    const size_t eq = marker.find('=');
    op.markers.emplace_back(marker.substr(0, eq),
                            eq == std::string_view::npos ? "" : marker.substr(eq + 1));
  }
  op.labels = pairs(json, row, "labels", where);
  op.query = pairs(json, row, "query", where);
  op.headers = pairs(json, row, "headers", where);
  op.required_query = texts(json, row, "requiredQuery", where);
  op.required_headers = texts(json, row, "requiredHeaders", where);
  op.members = texts(json, row, "members", where);
  for (const Value& a : json.member(row, "actions", where).GetArray())
    op.actions.push_back(action_need(json, a, where));
  op.name = std::move(name);
  return op;
}

}  // namespace

bool MemberSource::many() const {
  return member.find("[]") != std::string::npos || member.find("{}") != std::string::npos;
}

const OperationSpec* ServiceSpec::operation(std::string_view name) const {
  auto it =
      std::lower_bound(operations.begin(), operations.end(), name,
                       [](const OperationSpec& op, std::string_view n) { return op.name < n; });
  return it != operations.end() && it->name == name ? &*it : nullptr;
}

const OperationCatalog& OperationCatalog::instance() {
  static const OperationCatalog catalog;
  return catalog;
}

OperationCatalog::OperationCatalog() {
  const EmbeddedJson json("gateway operation catalogue", localiam_gateway_operations_json,
                          localiam_gateway_operations_json_end);
  const Value& doc = json.document();
  botocore_version_ =
      json.text(json.member(json.member(doc, "source", "top"), "botocore", "source"), "source");
  for (const auto& s : json.member(doc, "services", "top").GetObject()) {
    ServiceSpec spec;
    spec.prefix = json.text(s.name, "services");
    const std::string& where = spec.prefix;
    spec.signing_name = json.text(json.member(s.value, "signingName", where), where);
    spec.target_prefix = json.text(json.member(s.value, "targetPrefix", where), where);
    spec.protocol =
        protocol_named(json, json.text(json.member(s.value, "protocol", where), where), where);
    for (const auto& o : json.member(s.value, "operations", where).GetObject())
      spec.operations.push_back(operation_spec(json, json.text(o.name, where), o.value));
    std::sort(spec.operations.begin(), spec.operations.end(),
              [](const OperationSpec& a, const OperationSpec& b) { return a.name < b.name; });
    services_.push_back(std::move(spec));
  }
}

const ServiceSpec* OperationCatalog::by_signing_name(std::string_view name) const {
  for (const ServiceSpec& s : services_)
    if (s.signing_name == name) return &s;
  return nullptr;
}

const ServiceSpec* OperationCatalog::by_target_prefix(std::string_view target_prefix) const {
  for (const ServiceSpec& s : services_)
    if (!s.target_prefix.empty() && s.target_prefix == target_prefix) return &s;
  return nullptr;
}

}  // namespace localiam::gateway
