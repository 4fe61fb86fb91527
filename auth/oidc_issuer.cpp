#include "auth/oidc_issuer.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <mutex>
#include <optional>

#include "common/json_nesting.hpp"
#include "federation/jwt.hpp"
#include "storage/issuer_key_repository.hpp"

namespace localiam::api::oidc {

namespace {

// Parsing the stored PEM costs more than the lookup, so the last key used is kept; the stored
// kid says whether it is still the current one (a reset empties the table).
std::mutex cache_mutex;
std::optional<IssuerKey> cached;  // guarded by cache_mutex

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

IssuerKey issuer_key(storage::Database& db, int64_t now) {
  storage::IssuerKeyRepository keys(db);
  std::lock_guard<std::mutex> guard(cache_mutex);
  if (auto row = keys.current()) {
    if (cached && cached->kid == row->kid) return *cached;
    if (auto key = federation::RsaKey::from_private_pem(row->private_key_pem)) {
      cached = IssuerKey{row->kid, std::move(*key)};
      return *cached;
    }
  }
  federation::RsaKey key = federation::RsaKey::generate(2048);
  IssuerKey made{key.thumbprint(), key};
  keys.insert(storage::IssuerKeyRow{made.kid, key.private_pem(), now});
  cached = made;
  return made;
}

std::string discovery_document(std::string_view issuer) {
  const std::string iss(issuer);
  return "{\"issuer\":" + json_string(iss) + ",\"jwks_uri\":" + json_string(iss + "/jwks") +
         ",\"token_endpoint\":" + json_string(iss + "/token") +
         ",\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
         "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
         "\"claims_supported\":[\"sub\",\"aud\",\"exp\",\"iat\",\"iss\",\"nbf\"]}";
}

std::string jwks(const IssuerKey& key) { return "{\"keys\":[" + key.key.public_jwk_json() + "]}"; }

Minted mint_token(std::string_view claims_json, std::string_view issuer, const IssuerKey& key,
                  int64_t now) {
  Minted out;
  if (!json_nesting_within(claims_json)) {  // RapidJSON's parser and writer recurse per level
    out.error = "the claims nest too deeply";
    return out;
  }
  rapidjson::Document doc;
  doc.Parse(claims_json.data(), claims_json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    out.error = "the body must be a JSON object of claims, e.g. {\"sub\":\"x\",\"aud\":\"y\"}";
    return out;
  }
  auto& alloc = doc.GetAllocator();
  auto sub = doc.FindMember("sub");
  if (sub == doc.MemberEnd() || !sub->value.IsString()) {
    out.error = "\"sub\" (a string) is required";
    return out;
  }
  auto aud = doc.FindMember("aud");
  bool aud_ok = aud != doc.MemberEnd() && (aud->value.IsString() || aud->value.IsArray());
  if (aud_ok && aud->value.IsArray())
    for (const auto& a : aud->value.GetArray()) aud_ok = aud_ok && a.IsString();
  if (!aud_ok) {
    out.error = "\"aud\" (a string or a list of strings) is required";
    return out;
  }
  int64_t exp = now + 3600;
  if (auto in = doc.FindMember("expires_in"); in != doc.MemberEnd()) {
    if (!in->value.IsInt64()) {
      out.error = "\"expires_in\" must be an integer number of seconds";
      return out;
    }
    exp = now + in->value.GetInt64();
    doc.RemoveMember("expires_in");
  }
  if (auto e = doc.FindMember("exp"); e != doc.MemberEnd()) {
    if (!e->value.IsInt64()) {
      out.error = "\"exp\" must be an integer (seconds since the epoch)";
      return out;
    }
    exp = e->value.GetInt64();
  } else {
    doc.AddMember("exp", rapidjson::Value(exp), alloc);
  }
  if (!doc.HasMember("iss"))
    doc.AddMember(
        "iss",
        rapidjson::Value(issuer.data(), static_cast<rapidjson::SizeType>(issuer.size()), alloc),
        alloc);
  if (!doc.HasMember("iat")) doc.AddMember("iat", rapidjson::Value(now), alloc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  doc.Accept(w);
  out.token = federation::sign_jwt(std::string_view(buffer.GetString(), buffer.GetSize()), key.key,
                                   key.kid);
  out.expires = exp;
  return out;
}

}  // namespace localiam::api::oidc
