#include "federation/jwt.hpp"

#include "common/json_nesting.hpp"
#include "federation/base64.hpp"

namespace localiam::federation {

namespace {

std::string member_string(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return "";
  auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size()))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

bool parse_object(std::string_view part, rapidjson::Document& doc) {
  auto json = base64url_decode(part);
  if (!json || !json_nesting_within(*json)) return false;
  doc.Parse(json->data(), json->size());
  return !doc.HasParseError() && doc.IsObject();
}

}  // namespace

std::string Jwt::alg() const { return member_string(header, "alg"); }
std::string Jwt::kid() const { return member_string(header, "kid"); }

std::optional<std::string> Jwt::string_claim(std::string_view name) const {
  const rapidjson::Value* v = member(claims, name);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> Jwt::time_claim(std::string_view name) const {
  const rapidjson::Value* v = member(claims, name);
  if (!v || !v->IsNumber()) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  double d = v->GetDouble();
  if (!(d > -1e15 && d < 1e15)) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::vector<std::string> Jwt::audiences() const {
  std::vector<std::string> out;
  const rapidjson::Value* v = member(claims, "aud");
  if (!v) return out;
  if (v->IsString()) {
    out.emplace_back(v->GetString(), v->GetStringLength());
  } else if (v->IsArray()) {
    for (const auto& a : v->GetArray())
      if (a.IsString()) out.emplace_back(a.GetString(), a.GetStringLength());
  }
  return out;
}

std::optional<Jwt> parse_jwt(std::string_view token) {
  size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return std::nullopt;
  Jwt jwt;
  if (!parse_object(token.substr(0, first), jwt.header) ||
      !parse_object(token.substr(first + 1, second - first - 1), jwt.claims))
    return std::nullopt;
  auto signature = base64url_decode(token.substr(second + 1));
  if (!signature) return std::nullopt;
  jwt.signing_input = std::string(token.substr(0, second));
  jwt.signature = std::move(*signature);
  return jwt;
}

std::string sign_jwt(std::string_view claims_json, const RsaKey& key, std::string_view kid) {
  std::string header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + std::string(kid) + "\"}";
  std::string input = base64url_encode(header) + "." + base64url_encode(claims_json);
  return input + "." + base64url_encode(key.sign(input));
}

}  // namespace localiam::federation
