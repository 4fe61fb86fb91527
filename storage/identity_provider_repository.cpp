#include "storage/identity_provider_repository.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace localiam::storage {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string strings_json(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& item : items) write_string(w, item);
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string text_of(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

std::vector<std::string> strings_from(const std::string& text) {
  std::vector<std::string> items;
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsArray()) return items;
  for (const auto& v : doc.GetArray()) items.push_back(text_of(v));
  return items;
}

std::optional<std::string> keys_json(const std::vector<SamlPrivateKey>& keys) {
  if (keys.empty()) return std::nullopt;
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& k : keys) {
    w.StartObject();
    w.Key("id");
    write_string(w, k.id);
    w.Key("pem");
    write_string(w, k.pem);
    w.Key("timestamp");
    w.Int64(k.timestamp);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<SamlPrivateKey> keys_from(const std::optional<std::string>& text) {
  std::vector<SamlPrivateKey> keys;
  if (!text) return keys;
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsArray()) return keys;
  for (const auto& v : doc.GetArray()) {
    if (!v.IsObject() || !v.HasMember("id") || !v.HasMember("pem") || !v.HasMember("timestamp") ||
        !v["timestamp"].IsInt64())
      continue;
    keys.push_back(SamlPrivateKey{text_of(v["id"]), text_of(v["pem"]), v["timestamp"].GetInt64()});
  }
  return keys;
}

constexpr const char* kOidcColumns =
    "id, account_id, url, arn, client_ids, thumbprints, create_date, context_provider, "
    "identity_center_instance_arn";

OidcProviderRow read_oidc(const Statement& s) {
  OidcProviderRow r;
  r.row = s.integer(0);
  r.account_id = s.text(1);
  r.url = s.text(2);
  r.arn = s.text(3);
  r.client_ids = strings_from(s.text(4));
  r.thumbprints = strings_from(s.text(5));
  r.create_date = s.integer(6);
  r.context_provider = s.optional_text(7);
  r.identity_center_instance_arn = s.optional_text(8);
  return r;
}

constexpr const char* kSamlColumns =
    "id, account_id, name, arn, uuid, metadata, valid_until, encryption_mode, private_keys, "
    "create_date, context_provider, identity_center_instance_arn";

SamlProviderRow read_saml(const Statement& s) {
  SamlProviderRow r;
  r.row = s.integer(0);
  r.account_id = s.text(1);
  r.name = s.text(2);
  r.arn = s.text(3);
  r.uuid = s.text(4);
  r.metadata = s.text(5);
  r.valid_until = s.integer(6);
  r.encryption_mode = s.optional_text(7);
  r.private_keys = keys_from(s.optional_text(8));
  r.create_date = s.integer(9);
  r.context_provider = s.optional_text(10);
  r.identity_center_instance_arn = s.optional_text(11);
  return r;
}

}  // namespace

std::optional<OidcProviderRow> OidcProviderRepository::find(std::string_view arn) {
  static const std::string sql =
      std::string("SELECT ") + kOidcColumns + " FROM oidc_providers WHERE arn = ?";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, arn);
  if (!s.step()) return std::nullopt;
  return read_oidc(s);
}

std::vector<OidcProviderRow> OidcProviderRepository::list(std::string_view account_id) {
  static const std::string sql = std::string("SELECT ") + kOidcColumns +
                                 " FROM oidc_providers WHERE account_id = ? ORDER BY arn";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id);
  std::vector<OidcProviderRow> rows;
  while (s.step()) rows.push_back(read_oidc(s));
  return rows;
}

int64_t OidcProviderRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM oidc_providers WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

void OidcProviderRepository::insert(OidcProviderRow& p) {
  db_.prepare(
         "INSERT INTO oidc_providers (account_id, url, arn, client_ids, thumbprints, "
         "create_date, context_provider, identity_center_instance_arn) "
         "VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, p.account_id)
      .bind(2, p.url)
      .bind(3, p.arn)
      .bind(4, strings_json(p.client_ids))
      .bind(5, strings_json(p.thumbprints))
      .bind(6, p.create_date)
      .bind_optional(7, p.context_provider)
      .bind_optional(8, p.identity_center_instance_arn)
      .run();
  p.row = db_.last_insert_rowid();
}

void OidcProviderRepository::update(const OidcProviderRow& p) {
  db_.prepare("UPDATE oidc_providers SET client_ids = ?, thumbprints = ? WHERE id = ?")
      .bind(1, strings_json(p.client_ids))
      .bind(2, strings_json(p.thumbprints))
      .bind(3, p.row)
      .run();
}

void OidcProviderRepository::update_configuration(const OidcProviderRow& p) {
  db_.prepare(
         "UPDATE oidc_providers SET context_provider = ?, identity_center_instance_arn = ? "
         "WHERE id = ?")
      .bind_optional(1, p.context_provider)
      .bind_optional(2, p.identity_center_instance_arn)
      .bind(3, p.row)
      .run();
}

void OidcProviderRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM oidc_providers WHERE id = ?").bind(1, row).run();
}

std::optional<SamlProviderRow> SamlProviderRepository::find(std::string_view arn) {
  static const std::string sql =
      std::string("SELECT ") + kSamlColumns + " FROM saml_providers WHERE arn = ?";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, arn);
  if (!s.step()) return std::nullopt;
  return read_saml(s);
}

std::vector<SamlProviderRow> SamlProviderRepository::list(std::string_view account_id) {
  static const std::string sql = std::string("SELECT ") + kSamlColumns +
                                 " FROM saml_providers WHERE account_id = ? ORDER BY arn";
  Statement s = db_.prepare(sql.c_str());
  s.bind(1, account_id);
  std::vector<SamlProviderRow> rows;
  while (s.step()) rows.push_back(read_saml(s));
  return rows;
}

int64_t SamlProviderRepository::count(std::string_view account_id) {
  Statement s = db_.prepare("SELECT count(*) FROM saml_providers WHERE account_id = ?");
  s.bind(1, account_id);
  s.step();
  return s.integer(0);
}

void SamlProviderRepository::insert(SamlProviderRow& p) {
  db_.prepare(
         "INSERT INTO saml_providers (account_id, name, arn, uuid, metadata, valid_until, "
         "encryption_mode, private_keys, create_date, context_provider, "
         "identity_center_instance_arn) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, p.account_id)
      .bind(2, p.name)
      .bind(3, p.arn)
      .bind(4, p.uuid)
      .bind(5, p.metadata)
      .bind(6, p.valid_until)
      .bind_optional(7, p.encryption_mode)
      .bind_optional(8, keys_json(p.private_keys))
      .bind(9, p.create_date)
      .bind_optional(10, p.context_provider)
      .bind_optional(11, p.identity_center_instance_arn)
      .run();
  p.row = db_.last_insert_rowid();
}

void SamlProviderRepository::update(const SamlProviderRow& p) {
  db_.prepare(
         "UPDATE saml_providers SET metadata = ?, valid_until = ?, encryption_mode = ?, "
         "private_keys = ?, context_provider = ?, identity_center_instance_arn = ? WHERE id = ?")
      .bind(1, p.metadata)
      .bind(2, p.valid_until)
      .bind_optional(3, p.encryption_mode)
      .bind_optional(4, keys_json(p.private_keys))
      .bind_optional(5, p.context_provider)
      .bind_optional(6, p.identity_center_instance_arn)
      .bind(7, p.row)
      .run();
}

void SamlProviderRepository::remove(int64_t row) {
  db_.prepare("DELETE FROM saml_providers WHERE id = ?").bind(1, row).run();
}

}  // namespace localiam::storage
