#include "federation/jwks.hpp"

#include <rapidjson/document.h>

#include "common/json_nesting.hpp"

namespace localiam::federation {

namespace {

std::optional<rapidjson::Document> parse(std::string_view text) {
  if (!json_nesting_within(text)) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  return doc;
}

std::optional<std::string_view> string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

std::optional<std::string> discovery_jwks_uri(std::string_view discovery_json) {
  auto doc = parse(discovery_json);
  if (!doc) return std::nullopt;
  auto uri = string_member(*doc, "jwks_uri");
  if (!uri || uri->empty()) return std::nullopt;
  return std::string(*uri);
}

std::optional<RsaKey> jwks_rsa_key(std::string_view jwks_json, std::string_view kid) {
  auto doc = parse(jwks_json);
  if (!doc) return std::nullopt;
  auto keys = doc->FindMember("keys");
  if (keys == doc->MemberEnd() || !keys->value.IsArray()) return std::nullopt;
  for (const auto& key : keys->value.GetArray()) {
    if (!key.IsObject() || string_member(key, "kid") != kid) continue;
    if (string_member(key, "kty") != std::string_view("RSA")) continue;
    if (auto use = string_member(key, "use"); use && *use != "sig") continue;
    auto n = string_member(key, "n");
    auto e = string_member(key, "e");
    if (n && e) return RsaKey::from_jwk(*n, *e);
  }
  return std::nullopt;
}

}  // namespace localiam::federation
