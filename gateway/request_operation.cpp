#include "gateway/request_operation.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <optional>

#include "common/url_encoding.hpp"
#include "gateway/operation_catalog.hpp"

namespace localiam::gateway {

namespace {

using NameValues = std::vector<std::pair<std::string, std::string>>;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 percent-decoding ('+' stays '+', as in paths); a malformed escape is kept as is.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// name=value pairs of a query string or form body, decoded.
NameValues form_pairs(std::string_view text) {
  NameValues out;
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    const std::string_view name = part.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    out.emplace_back(form_decode(name).value_or(std::string(name)),
                     form_decode(value).value_or(std::string(value)));
  }
  return out;
}

const std::string* find(const NameValues& values, std::string_view name) {
  for (const auto& [n, v] : values)
    if (n == name) return &v;
  return nullptr;
}

bool form_request(const HttpRequest& request) {
  const std::string* type = request.header("Content-Type");
  return type && type->starts_with("application/x-www-form-urlencoded");
}

// The values a request gives its operation's members: named ones (uri labels, query parameters,
// headers, a Query request's parameters) and a JSON body's.
class RequestValues {
 public:
  NameValues named;
  rapidjson::Document json;
  std::string_view xml;  // a rest-xml body (S3's DeleteObjects lists its keys there)

  void parse_json(std::string_view body) {
    json.Parse(body.data(), body.size());
    if (json.HasParseError() || !json.IsObject()) json.SetNull();
  }

  // Every value the member path gives ("RequestItems{}": the map's keys).
  std::vector<std::string> values(std::string_view path) const {
    std::vector<std::string> out;
    if (const std::string* v = find(named, path)) {
      out.push_back(*v);
      return out;
    }
    if (json.IsObject())
      walk(json, path, out);
    else if (!xml.empty() && path.find('.') != std::string_view::npos)
      xml_elements(path.substr(path.rfind('.') + 1), out);
    return out;
  }

 private:
  // The text of every <name> element of the XML body ("Delete.Objects[].Key": each <Key>).
  void xml_elements(std::string_view name, std::vector<std::string>& out) const {
    if (name.ends_with("[]") || name.ends_with("{}")) name.remove_suffix(2);
    const std::string open = "<" + std::string(name) + ">";
    const std::string close = "</" + std::string(name) + ">";
    for (size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
      at += open.size();
      const size_t end = xml.find(close, at);
      if (end == std::string_view::npos) break;
      out.push_back(xml_unescape(xml.substr(at, end - at)));
      at = end + close.size();
    }
  }

  static std::string xml_unescape(std::string_view text) {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      bool replaced = false;
      for (const auto& [entity, c] : kEntities)
        if (text.substr(i).starts_with(entity)) {
          out += c;
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      if (!replaced) out += text[i];
    }
    return out;
  }

  static void walk(const rapidjson::Value& at, std::string_view path,
                   std::vector<std::string>& out) {
    if (path.empty()) {
      if (at.IsString()) out.emplace_back(at.GetString(), at.GetStringLength());
      return;
    }
    const size_t dot = path.find('.');
    std::string_view segment = path.substr(0, dot);
    const std::string_view rest =
        dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    const bool each = segment.ends_with("[]");
    const bool keys = segment.ends_with("{}");
    if (each || keys) segment.remove_suffix(2);
    if (!at.IsObject()) return;
    auto it = at.FindMember(
        rapidjson::Value(segment.data(), static_cast<rapidjson::SizeType>(segment.size())));
    if (it == at.MemberEnd()) return;
    const rapidjson::Value& v = it->value;
    if (each) {
      if (!v.IsArray()) return;
      for (const rapidjson::Value& item : v.GetArray()) walk(item, rest, out);
    } else if (keys) {
      if (!v.IsObject()) return;
      for (const auto& m : v.GetObject())
        if (rest.empty()) out.emplace_back(m.name.GetString(), m.name.GetStringLength());
    } else {
      walk(v, rest, out);
    }
  }
};

// ---- rest protocols: method and path against the requestUri templates ----

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// How well `op`'s template fits the request: nullopt when it does not; more is more specific.
// Fills `labels` with the uri labels' decoded values.
std::optional<int> fit(const OperationSpec& op, const HttpRequest& request,
                       const std::vector<std::string_view>& have, const NameValues& query,
                       NameValues& labels) {
  if (op.method != request.method) return std::nullopt;
  const std::vector<std::string>& want = op.path_segments;
  int score = 0;
  size_t i = 0;
  for (; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (w.starts_with('{') && w.ends_with("+}")) {
      if (i >= have.size()) return std::nullopt;
      std::string rest;
      for (size_t j = i; j < have.size(); ++j) rest += (j > i ? "/" : "") + std::string(have[j]);
      if (rest.empty()) return std::nullopt;
      labels.emplace_back(std::string(w.substr(1, w.size() - 3)), percent_decode(rest));
      i = have.size();
      break;
    }
    if (i >= have.size()) return std::nullopt;
    if (w.starts_with('{') && w.ends_with('}')) {
      if (have[i].empty()) return std::nullopt;
      labels.emplace_back(std::string(w.substr(1, w.size() - 2)), percent_decode(have[i]));
    } else if (w != have[i]) {
      return std::nullopt;
    } else {
      score += 1;
    }
  }
  // Left over: only one empty segment (a trailing slash).
  if (i < have.size() && !(i + 1 == have.size() && have[i].empty())) return std::nullopt;
  for (const auto& [name, value] : op.markers) {
    const std::string* got = find(query, name);
    if (name == "x-id") {  // names the operation for SDKs that send it; not required
      if (got && *got != value) return std::nullopt;
      if (got) score += 100;
      continue;
    }
    if (!got || (!value.empty() && *got != value)) return std::nullopt;
    score += 100;
  }
  for (const std::string& name : op.required_query) {
    if (!find(query, name)) return std::nullopt;
    score += 100;
  }
  for (const std::string& name : op.required_headers) {
    if (!request.header(name)) return std::nullopt;
    score += 100;
  }
  return score;
}

std::string_view host_name(const HttpRequest& request) {
  const std::string* host = request.header("Host");
  if (!host) return {};
  std::string_view h = *host;
  if (h.starts_with('[')) return {};  // an IPv6 literal
  return h.substr(0, h.find(':'));
}

}  // namespace

std::string_view virtual_host_bucket(const HttpRequest& request) {
  const std::string_view host = host_name(request);
  const size_t dot = host.find('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  const std::string_view first = host.substr(0, dot);
  const std::string_view rest = host.substr(dot + 1);
  if (first == "s3" || first.starts_with("s3-") || first == "localhost") return {};
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
    return {};  // an IPv4 address
  if (rest == "localhost" || rest.starts_with("s3.") || rest.starts_with("s3-") ||
      rest.find(".s3.") != std::string_view::npos)
    return first;
  return {};
}

namespace {

struct Identified {
  const ServiceSpec* service = nullptr;
  const OperationSpec* op = nullptr;
  std::string name;
  RequestValues values;
};

void identify_rest(const ServiceSpec& service, const HttpRequest& request, Identified& out) {
  const NameValues query = form_pairs(request.query());
  std::string path(request.path());
  if (service.protocol == Protocol::kRestXml) {
    if (const std::string_view bucket = virtual_host_bucket(request); !bucket.empty())
      path = "/" + std::string(bucket) + (path == "/" ? "" : path);
  }
  const std::string* x_id = find(query, "x-id");
  int best = -1;
  NameValues best_labels;
  const std::vector<std::string_view> have = segments(path);
  for (const OperationSpec& op : service.operations) {
    NameValues labels;
    std::optional<int> score = fit(op, request, have, query, labels);
    // SDKs that send x-id name the operation with it.
    if (score && x_id && *x_id == op.name) *score += 100;
    if (score && *score > best) {
      best = *score;
      out.op = &op;
      best_labels = std::move(labels);
    }
  }
  if (!out.op) return;
  out.name = out.op->name;
  for (auto& [label, value] : best_labels)
    for (const auto& [name, member] : out.op->labels)
      if (name == label) out.values.named.emplace_back(member, value);
  for (const auto& [name, member] : out.op->query)
    if (const std::string* v = find(query, name)) out.values.named.emplace_back(member, *v);
  for (const auto& [name, member] : out.op->headers)
    if (const std::string* v = request.header(name)) out.values.named.emplace_back(member, *v);
  if (service.protocol == Protocol::kRestJson) out.values.parse_json(request.body);
  if (service.protocol == Protocol::kRestXml) out.values.xml = request.body;
}

Identified identify(const HttpRequest& request, std::string_view signing_service) {
  Identified out;
  const OperationCatalog& catalog = OperationCatalog::instance();
  if (const std::string* target = request.header("X-Amz-Target")) {
    const size_t dot = target->find('.');
    if (dot != std::string::npos) {
      out.service = catalog.by_target_prefix(std::string_view(*target).substr(0, dot));
      out.name = target->substr(dot + 1);
    } else {
      out.name = *target;
    }
    if (out.service) out.op = out.service->operation(out.name);
    out.values.parse_json(request.body);
    return out;
  }
  out.service = catalog.by_signing_name(signing_service);
  NameValues params = form_pairs(request.query());
  if (form_request(request))
    for (auto& p : form_pairs(request.body)) params.push_back(std::move(p));
  if (const std::string* action = find(params, "Action");
      action && (!out.service || !out.service->rest())) {
    out.name = *action;
    if (out.service) out.op = out.service->operation(out.name);
    out.values.named = std::move(params);
    return out;
  }
  if (out.service && out.service->rest()) identify_rest(*out.service, request, out);
  return out;
}

// ---- filling the ARN formats ----

// A variable's value: a name to put in the format, or a whole ARN that is the resource as is.
struct Filler {
  std::string text;
  bool whole_arn = false;
  // The account the value names besides the name (a queue URL's, a partial Lambda ARN's): the
  // resource is that account's, not the caller's.
  std::string account;
};

bool twelve_digits(std::string_view text) {
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Filler> transformed(std::string value, Transform transform) {
  if (value.empty()) return std::nullopt;
  const bool arn = value.starts_with("arn:");
  switch (transform) {
    case Transform::kPlain:
      return Filler{std::move(value), arn, {}};
    case Transform::kLastPathSegment: {
      while (value.ends_with('/')) value.pop_back();
      const size_t slash = value.rfind('/');
      std::string account;
      if (slash != std::string::npos) {
        // ".../123456789012/name": the queue is that account's.
        const size_t before = value.rfind('/', slash == 0 ? 0 : slash - 1);
        if (before != std::string::npos && before < slash &&
            twelve_digits(std::string_view(value).substr(before + 1, slash - before - 1)))
          account = value.substr(before + 1, slash - before - 1);
        value.erase(0, slash + 1);
      }
      if (value.empty()) return std::nullopt;
      return Filler{std::move(value), false, std::move(account)};
    }
    case Transform::kDropLeadingSlash:
      if (arn) return Filler{std::move(value), true, {}};
      if (value.starts_with('/')) value.erase(0, 1);
      return Filler{std::move(value), false, {}};
    case Transform::kLambdaFunction: {
      if (arn) return Filler{std::move(value), true, {}};
      // "123456789012:function:name[:qualifier]" or "name[:qualifier]": the name.
      std::string account;
      const size_t at = value.find(":function:");
      if (at != std::string::npos) {
        if (twelve_digits(std::string_view(value).substr(0, at))) account = value.substr(0, at);
        value.erase(0, at + 10);
      }
      value = value.substr(0, value.find(':'));
      if (value.empty()) return std::nullopt;
      return Filler{std::move(value), false, std::move(account)};
    }
    case Transform::kKmsKey:
      // An alias names no key: the key it points to is the upstream's to say.
      if (value.starts_with("alias/") || (arn && value.find(":alias/") != std::string::npos))
        return std::nullopt;
      return Filler{std::move(value), arn, {}};
    case Transform::kCopySourceVersion: {
      const std::string source = percent_decode(value);
      const size_t at = source.find("?versionId=");
      if (at == std::string::npos) return std::nullopt;
      std::string version = source.substr(at + 11);
      version = version.substr(0, version.find('&'));
      if (version.empty()) return std::nullopt;
      return Filler{std::move(version), false, {}};
    }
    case Transform::kCopySourceBucket:
    case Transform::kCopySourceKey: {
      std::string source = percent_decode(value);
      if (source.starts_with('/')) source.erase(0, 1);
      if (source.starts_with("arn:")) return std::nullopt;  // an access point's object
      const size_t slash = source.find('/');
      if (slash == std::string::npos || slash == 0) return std::nullopt;
      if (transform == Transform::kCopySourceBucket)
        return Filler{source.substr(0, slash), false, {}};
      std::string key = source.substr(slash + 1);
      key = key.substr(0, key.find("?versionId="));
      if (key.empty()) return std::nullopt;
      return Filler{std::move(key), false, {}};
    }
  }
  return std::nullopt;
}

// The values of a variable from its first source that gives any.
std::vector<Filler> variable_values(const std::vector<MemberSource>& sources,
                                    const RequestValues& values, bool& many) {
  std::vector<Filler> out;
  for (const MemberSource& source : sources) {
    for (std::string& v : values.values(source.member))
      if (std::optional<Filler> f = transformed(std::move(v), source.transform))
        out.push_back(std::move(*f));
    if (source.many()) many = true;
    if (!out.empty()) break;
  }
  return out;
}

// The resources `need` names: one per value of a many-valued variable (BatchWriteItem's tables).
// `skip` is set when a many-valued source gave no value (the action does not apply).
std::vector<ActionResource> resources(const ActionNeed& need, const std::string& prefix,
                                      const RequestValues& values, const RequestScope& scope,
                                      bool& skip) {
  bool versioned = false;
  if (!need.version_action.empty()) {
    bool unused = false;
    versioned = !variable_values(need.version_sources, values, unused).empty();
  }
  const std::string action = prefix + ":" + (versioned ? need.version_action : need.action);
  if (need.arn == "*") return {{action, "*", false}};
  if (need.arn.empty()) return {{action, "*", true}};
  std::vector<std::vector<Filler>> filled;
  size_t count = 1;
  bool many = false;
  for (const auto& [variable, sources] : need.variables) {
    filled.push_back(variable_values(sources, values, many));
    if (filled.back().empty()) {
      if (many) skip = true;
      return {{action, "*", true}};
    }
    count = std::max(count, filled.back().size());
  }
  std::vector<ActionResource> out;
  for (size_t n = 0; n < count; ++n) {
    std::string_view account = scope.account;
    for (const std::vector<Filler>& values : filled)
      if (const Filler& f = values[std::min(n, values.size() - 1)]; !f.account.empty())
        account = f.account;
    std::string arn;
    std::string_view format = need.arn;
    size_t index = 0;
    bool whole = false;
    while (!format.empty() && !whole) {
      const size_t open = format.find("${");
      if (open == std::string_view::npos) {
        arn += format;
        break;
      }
      arn += format.substr(0, open);
      const size_t close = format.find('}', open);
      if (close == std::string_view::npos) return {{action, "*", true}};
      const std::string_view name = format.substr(open + 2, close - open - 2);
      format.remove_prefix(close + 1);
      if (name == "Partition") {
        arn += arn::partition_name(scope.partition);
      } else if (name == "Region") {
        arn += scope.region;
      } else if (name == "Account") {
        arn += account;
      } else if (index < filled.size()) {
        const Filler& f = filled[index][std::min(n, filled[index].size() - 1)];
        ++index;
        if (f.whole_arn) {
          arn = f.text;
          whole = true;
        } else {
          arn += f.text;
        }
      } else {
        return {{action, "*", true}};
      }
    }
    if (std::none_of(out.begin(), out.end(),
                     [&](const ActionResource& r) { return r.resource == arn; }))
      out.push_back({action, std::move(arn), false});
  }
  return out;
}

}  // namespace

RequestOperation request_operation(const HttpRequest& request, const RequestScope& scope) {
  const Identified found = identify(request, scope.service);
  RequestOperation out;
  out.operation = found.name;
  if (found.service) out.service = found.service->prefix;
  if (!found.op || found.op->actions.empty()) return out;
  out.mapped = true;
  for (const ActionNeed& need : found.op->actions) {
    bool skip = false;
    std::vector<ActionResource> pairs =
        resources(need, found.service->prefix, found.values, scope, skip);
    if (skip) continue;
    for (ActionResource& p : pairs) out.needs.push_back(std::move(p));
  }
  // Every many-valued source empty (a batch naming no table): the first action, resource unknown.
  if (out.needs.empty())
    out.needs.push_back(
        {found.service->prefix + ":" + found.op->actions.front().action, "*", true});
  return out;
}

}  // namespace localiam::gateway
