#include "gateway/resource_reads.hpp"

#include <rapidjson/document.h>

#include "common/arn.hpp"
#include "common/json_escape.hpp"
#include "common/url_encoding.hpp"

namespace localiam::gateway {

namespace {

// SHA-256 of the empty body: S3 wants the payload's hash signed.
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string quoted(std::string_view text) { return '"' + json_escape(text) + '"'; }

UpstreamRead json_read(std::string_view service, std::string_view target,
                       std::string_view json_version, std::string body, std::string_view region) {
  UpstreamRead r;
  r.service = std::string(service);
  r.region = std::string(region);
  r.request.method = "POST";
  r.request.target = "/";
  r.request.headers.emplace_back("Content-Type",
                                 "application/x-amz-json-" + std::string(json_version));
  r.request.headers.emplace_back("X-Amz-Target", std::string(target));
  r.request.body = std::move(body);
  return r;
}

UpstreamRead rest_read(std::string_view service, std::string target, std::string_view region) {
  UpstreamRead r;
  r.service = std::string(service);
  r.region = std::string(region);
  r.request.method = "GET";
  r.request.target = std::move(target);
  if (service == "s3") r.request.headers.emplace_back("x-amz-content-sha256", kEmptySha256);
  return r;
}

UpstreamRead query_read(std::string_view service, std::string body, std::string_view region) {
  UpstreamRead r;
  r.service = std::string(service);
  r.region = std::string(region);
  r.request.method = "POST";
  r.request.target = "/";
  r.request.headers.emplace_back("Content-Type",
                                 "application/x-www-form-urlencoded; charset=utf-8");
  r.request.body = std::move(body);
  return r;
}

// The ARN's fields, with the region to sign with (the ARN's, else `fallback`).
struct Named {
  arn::Parts parts;
  std::string region;
};

std::optional<Named> named(std::string_view service, std::string_view text,
                           std::string_view fallback) {
  std::optional<arn::Parts> parts = arn::split(text);
  if (!parts || parts->service != service || parts->resource.empty()) return std::nullopt;
  Named n{*parts, std::string(parts->region.empty() ? fallback : parts->region)};
  return n;
}

std::string_view bucket_of(std::string_view resource) {
  return resource.substr(0, resource.find('/'));
}

// "table/T" of "table/T/index/I" or "table/T/stream/…".
std::string table_arn(const arn::Parts& p, std::string_view whole) {
  if (!p.resource.starts_with("table/")) return "";
  const size_t slash = p.resource.find('/', 6);
  if (slash == std::string_view::npos) return std::string(whole);
  return std::string(whole.substr(0, whole.size() - (p.resource.size() - slash)));
}

std::string queue_url(const arn::Parts& p, std::string_view upstream_host) {
  return "http://" + std::string(upstream_host) + "/" + std::string(p.account) + "/" +
         std::string(p.resource);
}

std::optional<rapidjson::Document> parse_json(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  return doc;
}

std::optional<std::string> string_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return std::nullopt;
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// The error code of an answer in any of the protocols read here: JSON's __type (after '#') or
// code, XML's <Code>.
std::string error_code(std::string_view body) {
  if (auto doc = parse_json(body)) {
    for (const char* name : {"__type", "code", "Code"}) {
      if (auto type = string_member(*doc, name)) {
        const size_t hash = type->rfind('#');
        return hash == std::string::npos ? *type : type->substr(hash + 1);
      }
    }
    return "";
  }
  return xml_element(body, "Code").value_or("");
}

bool no_policy_code(std::string_view code) {
  for (std::string_view c :
       {"NoSuchBucketPolicy", "NoSuchBucket", "PolicyNotFoundException",
        "ResourceNotFoundException", "NotFoundException", "NotFound", "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue", "NoSuchTagSet", "NoSuchTagSetError"})
    if (code == c) return true;
  return false;
}

std::string xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    const std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "quot")
      out += '"';
    else if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "apos")
      out += '\'';
    else if (entity.starts_with("#")) {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      const unsigned long code =
          std::strtoul(std::string(entity.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    } else {
      out += text.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

}  // namespace

std::optional<std::string> xml_element(std::string_view xml, std::string_view name, size_t from,
                                       size_t* end) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const size_t start = xml.find(open, from);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t text = start + open.size();
  const size_t stop = xml.find(close, text);
  if (stop == std::string_view::npos) return std::nullopt;
  if (end) *end = stop + close.size();
  return xml_unescape(xml.substr(text, stop - text));
}

std::string policy_holder(std::string_view service, std::string_view arn) {
  std::optional<arn::Parts> p = arn::split(arn);
  if (!p || p->service != service) return std::string(arn);
  if (service == "s3") {
    const std::string_view bucket = bucket_of(p->resource);
    return std::string(arn.substr(0, arn.size() - p->resource.size())) + std::string(bucket);
  }
  if (service == "dynamodb") {
    std::string table = table_arn(*p, arn);
    if (!table.empty()) return table;
  }
  return std::string(arn);
}

std::optional<UpstreamRead> policy_read(std::string_view service, std::string_view arn,
                                        std::string_view region, std::string_view upstream_host) {
  std::optional<Named> n = named(service, arn, region);
  if (!n) return std::nullopt;
  const arn::Parts& p = n->parts;
  if (service == "s3") {
    const std::string_view bucket = bucket_of(p.resource);
    if (bucket.empty()) return std::nullopt;
    return rest_read("s3", "/" + uri_encode(bucket) + "?policy", n->region);
  }
  if (service == "sqs")
    return json_read("sqs", "AmazonSQS.GetQueueAttributes", "1.0",
                     R"({"QueueUrl":)" + quoted(queue_url(p, upstream_host)) +
                         R"(,"AttributeNames":["Policy"]})",
                     n->region);
  if (service == "sns")
    return query_read("sns",
                      "Action=GetTopicAttributes&Version=2010-03-31&TopicArn=" + uri_encode(arn),
                      n->region);
  if (service == "kms" && p.resource.starts_with("key/"))
    return json_read("kms", "TrentService.GetKeyPolicy", "1.1",
                     R"({"KeyId":)" + quoted(arn) + R"(,"PolicyName":"default"})", n->region);
  if (service == "lambda" && p.resource.starts_with("function:")) {
    std::string_view name = p.resource.substr(9);
    std::string qualifier;
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
      qualifier = "?Qualifier=" + uri_encode(name.substr(colon + 1));
      name = name.substr(0, colon);
    }
    return rest_read("lambda", "/2015-03-31/functions/" + uri_encode(name) + "/policy" + qualifier,
                     n->region);
  }
  if (service == "secretsmanager" && p.resource.starts_with("secret:"))
    return json_read("secretsmanager", "secretsmanager.GetResourcePolicy", "1.1",
                     R"({"SecretId":)" + quoted(arn) + "}", n->region);
  if (service == "dynamodb") {
    const std::string table = table_arn(p, arn);
    if (table.empty()) return std::nullopt;
    return json_read("dynamodb", "DynamoDB_20120810.GetResourcePolicy", "1.0",
                     R"({"ResourceArn":)" + quoted(table) + "}", n->region);
  }
  return std::nullopt;
}

PolicyAnswer read_policy_answer(std::string_view service, int status, std::string_view body) {
  PolicyAnswer out;
  if (status >= 300) {
    const std::string code = error_code(body);
    if (no_policy_code(code) || (service == "s3" && status == 404)) {
      out.answered = true;
      return out;
    }
    out.failure = "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code);
    return out;
  }
  out.answered = true;
  std::optional<std::string> document;
  if (service == "s3") {
    document = std::string(body);
  } else if (service == "sns") {
    size_t at = 0;
    for (size_t end = 0; auto key = xml_element(body, "key", at, &end); at = end) {
      if (*key != "Policy") continue;
      document = xml_element(body, "value", end);
      break;
    }
  } else if (auto doc = parse_json(body)) {
    if (service == "sqs") {
      auto attributes = doc->FindMember("Attributes");
      if (attributes != doc->MemberEnd()) document = string_member(attributes->value, "Policy");
    } else {
      document = string_member(*doc, service == "secretsmanager" ? "ResourcePolicy" : "Policy");
    }
  } else {
    out.answered = false;
    out.failure = "the answer is not JSON";
    return out;
  }
  // Some emulators answer "{}" or "" for a key or topic that has no policy.
  if (document && (document->empty() || *document == "{}")) document.reset();
  out.document = std::move(document);
  return out;
}

std::optional<UpstreamRead> tags_read(std::string_view service, std::string_view arn,
                                      std::string_view region, std::string_view upstream_host) {
  std::optional<Named> n = named(service, arn, region);
  if (!n) return std::nullopt;
  const arn::Parts& p = n->parts;
  if (service == "dynamodb") {
    const std::string table = table_arn(p, arn);
    if (table.empty()) return std::nullopt;
    return json_read("dynamodb", "DynamoDB_20120810.ListTagsOfResource", "1.0",
                     R"({"ResourceArn":)" + quoted(table) + "}", n->region);
  }
  if (service == "secretsmanager" && p.resource.starts_with("secret:"))
    return json_read("secretsmanager", "secretsmanager.DescribeSecret", "1.1",
                     R"({"SecretId":)" + quoted(arn) + "}", n->region);
  if (service == "kms" && p.resource.starts_with("key/"))
    return json_read("kms", "TrentService.ListResourceTags", "1.1",
                     R"({"KeyId":)" + quoted(arn) + "}", n->region);
  if (service == "ssm" && p.resource.starts_with("parameter/")) {
    std::string name(p.resource.substr(10));
    if (name.find('/') != std::string::npos) name.insert(0, "/");
    return json_read("ssm", "AmazonSSM.ListTagsForResource", "1.1",
                     R"({"ResourceType":"Parameter","ResourceId":)" + quoted(name) + "}",
                     n->region);
  }
  if (service == "lambda" && p.resource.starts_with("function:"))
    return rest_read("lambda", "/2017-03-31/tags/" + uri_encode(arn), n->region);
  if (service == "sqs")
    return json_read("sqs", "AmazonSQS.ListQueueTags", "1.0",
                     R"({"QueueUrl":)" + quoted(queue_url(p, upstream_host)) + "}", n->region);
  if (service == "sns")
    return query_read(
        "sns", "Action=ListTagsForResource&Version=2010-03-31&ResourceArn=" + uri_encode(arn),
        n->region);
  if (service == "s3") {
    const std::string_view bucket = bucket_of(p.resource);
    // Objects have tags of their own (s3:ExistingObjectTag), not read here.
    if (bucket.empty() || bucket.size() != p.resource.size()) return std::nullopt;
    return rest_read("s3", "/" + uri_encode(bucket) + "?tagging", n->region);
  }
  return std::nullopt;
}

std::optional<Tags> read_tags_answer(std::string_view service, int status, std::string_view body) {
  if (status >= 300) {
    if (no_policy_code(error_code(body))) return Tags{};
    return std::nullopt;
  }
  Tags tags;
  if (service == "s3" || service == "sns") {
    size_t at = 0;
    for (size_t end = 0; auto key = xml_element(body, "Key", at, &end); at = end)
      tags.emplace_back(std::move(*key), xml_element(body, "Value", end, &end).value_or(""));
    return tags;
  }
  std::optional<rapidjson::Document> doc = parse_json(body);
  if (!doc) return std::nullopt;
  for (const char* name : {"Tags", "TagList"}) {
    auto it = doc->FindMember(name);
    if (it == doc->MemberEnd()) continue;
    const rapidjson::Value& v = it->value;
    if (v.IsObject()) {
      for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m)
        if (m->value.IsString()) tags.emplace_back(m->name.GetString(), m->value.GetString());
    } else if (v.IsArray()) {
      for (const rapidjson::Value& t : v.GetArray()) {
        auto key = string_member(t, "Key");
        if (!key) key = string_member(t, "TagKey");
        auto value = string_member(t, "Value");
        if (!value) value = string_member(t, "TagValue");
        if (key) tags.emplace_back(std::move(*key), value.value_or(""));
      }
    }
  }
  return tags;
}

std::optional<UpstreamRead> alias_read(std::string_view alias, std::string_view region) {
  const bool named = alias.starts_with("alias/") ||
                     (alias.starts_with("arn:") && alias.find(":alias/") != std::string_view::npos);
  if (!named) return std::nullopt;
  std::optional<arn::Parts> p = arn::split(alias);
  return json_read("kms", "TrentService.DescribeKey", "1.1", R"({"KeyId":)" + quoted(alias) + "}",
                   p && !p->region.empty() ? p->region : region);
}

std::optional<std::string> read_key_arn(int status, std::string_view body) {
  if (status >= 300) return std::nullopt;
  std::optional<rapidjson::Document> doc = parse_json(body);
  if (!doc) return std::nullopt;
  auto metadata = doc->FindMember("KeyMetadata");
  if (metadata == doc->MemberEnd()) return std::nullopt;
  std::optional<std::string> arn = string_member(metadata->value, "Arn");
  if (!arn || !arn::split(*arn)) return std::nullopt;
  return arn;
}

std::optional<UpstreamRead> key_schema_read(std::string_view table_arn_text) {
  std::optional<arn::Parts> p = arn::split(table_arn_text);
  if (!p || p->service != "dynamodb" || !p->resource.starts_with("table/")) return std::nullopt;
  std::string_view name = p->resource.substr(6);
  name = name.substr(0, name.find('/'));
  return json_read("dynamodb", "DynamoDB_20120810.DescribeTable", "1.0",
                   R"({"TableName":)" + quoted(name) + "}", p->region);
}

std::optional<std::string> read_hash_key(int status, std::string_view body) {
  if (status >= 300) return std::nullopt;
  std::optional<rapidjson::Document> doc = parse_json(body);
  if (!doc) return std::nullopt;
  auto table = doc->FindMember("Table");
  if (table == doc->MemberEnd() || !table->value.IsObject()) return std::nullopt;
  auto schema = table->value.FindMember("KeySchema");
  if (schema == table->value.MemberEnd() || !schema->value.IsArray()) return std::nullopt;
  for (const rapidjson::Value& k : schema->value.GetArray())
    if (string_member(k, "KeyType") == "HASH") return string_member(k, "AttributeName");
  return std::nullopt;
}

}  // namespace localiam::gateway
