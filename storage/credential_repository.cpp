#include "storage/credential_repository.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace localiam::storage {

namespace {

// Lists are stored as JSON arrays: ["a","b"] and [{"Key":"k","Value":"v"}]; NULL when empty.
std::optional<std::string> strings_to_json(const std::vector<std::string>& items) {
  if (items.empty()) return std::nullopt;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const std::string& item : items)
    writer.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<std::string> tags_to_json(const std::vector<SessionTag>& tags) {
  if (tags.empty()) return std::nullopt;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const SessionTag& tag : tags) {
    writer.StartObject();
    writer.Key("Key");
    writer.String(tag.key.data(), static_cast<rapidjson::SizeType>(tag.key.size()));
    writer.Key("Value");
    writer.String(tag.value.data(), static_cast<rapidjson::SizeType>(tag.value.size()));
    writer.EndObject();
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string json_text(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

std::vector<std::string> strings_from_json(const std::optional<std::string>& text) {
  std::vector<std::string> items;
  if (!text) return items;
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsArray()) return items;
  for (const auto& v : doc.GetArray()) items.push_back(json_text(v));
  return items;
}

std::vector<SessionTag> tags_from_json(const std::optional<std::string>& text) {
  std::vector<SessionTag> tags;
  if (!text) return tags;
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  if (doc.HasParseError() || !doc.IsArray()) return tags;
  for (const auto& v : doc.GetArray()) {
    if (!v.IsObject() || !v.HasMember("Key") || !v.HasMember("Value")) continue;
    tags.push_back(SessionTag{json_text(v["Key"]), json_text(v["Value"])});
  }
  return tags;
}

AccessKeyRow read_key(const Statement& s) {
  AccessKeyRow k;
  k.access_key_id = s.text(0);
  k.account_id = s.text(1);
  k.user_row = s.integer(2);
  k.user_name = s.text(3);
  k.secret = s.text(4);
  k.status = s.text(5);
  k.create_date = s.integer(6);
  return k;
}

}  // namespace

std::optional<AccessKeyRow> AccessKeyRepository::find(std::string_view access_key_id) {
  Statement s = db_.prepare(
      "SELECT k.access_key_id, k.account_id, k.user_row, u.name, k.secret, k.status, "
      "k.create_date FROM access_keys k JOIN users u ON u.id = k.user_row "
      "WHERE k.access_key_id = ?");
  s.bind(1, access_key_id);
  if (!s.step()) return std::nullopt;
  return read_key(s);
}

void AccessKeyRepository::insert(const AccessKeyRow& key) {
  db_.prepare(
         "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
         "create_date) VALUES (?,?,?,?,?,?)")
      .bind(1, key.access_key_id)
      .bind(2, key.account_id)
      .bind(3, key.user_row)
      .bind(4, key.secret)
      .bind(5, key.status)
      .bind(6, key.create_date)
      .run();
}

void AccessKeyRepository::remove(std::string_view access_key_id) {
  db_.prepare("DELETE FROM access_keys WHERE access_key_id = ?").bind(1, access_key_id).run();
}

bool AccessKeyRepository::retired(std::string_view access_key_id) {
  // The schema's delete triggers fill retired_access_keys.
  return db_.prepare("SELECT 1 FROM retired_access_keys WHERE access_key_id = ?")
      .bind(1, access_key_id)
      .step();
}

std::vector<AccessKeyRow> AccessKeyRepository::list_for_user(int64_t user_row) {
  Statement s = db_.prepare(
      "SELECT k.access_key_id, k.account_id, k.user_row, u.name, k.secret, k.status, "
      "k.create_date FROM access_keys k JOIN users u ON u.id = k.user_row "
      "WHERE k.user_row = ? ORDER BY k.access_key_id");
  s.bind(1, user_row);
  std::vector<AccessKeyRow> keys;
  while (s.step()) keys.push_back(read_key(s));
  return keys;
}

int64_t AccessKeyRepository::count_for_user(int64_t user_row) {
  Statement s = db_.prepare("SELECT count(*) FROM access_keys WHERE user_row = ?");
  s.bind(1, user_row);
  s.step();
  return s.integer(0);
}

void AccessKeyRepository::set_status(std::string_view access_key_id, std::string_view status) {
  db_.prepare("UPDATE access_keys SET status = ? WHERE access_key_id = ?")
      .bind(1, status)
      .bind(2, access_key_id)
      .run();
}

std::optional<AccessKeyUse> AccessKeyRepository::last_use(std::string_view access_key_id) {
  Statement s = db_.prepare(
      "SELECT last_used_date, last_used_service, last_used_region FROM access_keys "
      "WHERE access_key_id = ? AND last_used_date IS NOT NULL");
  s.bind(1, access_key_id);
  if (!s.step()) return std::nullopt;
  return AccessKeyUse{s.integer(0), s.text(1), s.text(2)};
}

void AccessKeyRepository::record_use(std::string_view access_key_id, const AccessKeyUse& use) {
  db_.prepare(
         "UPDATE access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ? "
         "WHERE access_key_id = ?")
      .bind(1, use.date)
      .bind(2, use.service)
      .bind(3, use.region)
      .bind(4, access_key_id)
      .run();
}

std::optional<SessionRow> SessionRepository::find(std::string_view access_key_id) {
  Statement s = db_.prepare(
      "SELECT access_key_id, account_id, secret, session_token, kind, arn, principal_id, "
      "role_name, session_name, source_arn, session_policy, create_date, expiration, tags, "
      "transitive_tag_keys, policy_arns, source_identity, mfa_authenticated, scope_policies "
      "FROM sessions WHERE access_key_id = ?");
  s.bind(1, access_key_id);
  if (!s.step()) return std::nullopt;
  SessionRow r;
  r.access_key_id = s.text(0);
  r.account_id = s.text(1);
  r.secret = s.text(2);
  r.session_token = s.text(3);
  r.kind = s.text(4);
  r.arn = s.text(5);
  r.principal_id = s.text(6);
  r.role_name = s.optional_text(7);
  r.session_name = s.optional_text(8);
  r.source_arn = s.text(9);
  r.session_policy = s.optional_text(10);
  r.create_date = s.integer(11);
  r.expiration = s.integer(12);
  r.tags = tags_from_json(s.optional_text(13));
  r.transitive_tag_keys = strings_from_json(s.optional_text(14));
  r.policy_arns = strings_from_json(s.optional_text(15));
  r.source_identity = s.optional_text(16);
  r.mfa_authenticated = s.integer(17) != 0;
  r.scope_policies = strings_from_json(s.optional_text(18));
  return r;
}

void SessionRepository::insert(const SessionRow& r) {
  db_.prepare(
         "INSERT INTO sessions (access_key_id, account_id, secret, session_token, kind, arn, "
         "principal_id, role_name, session_name, source_arn, session_policy, create_date, "
         "expiration, tags, transitive_tag_keys, policy_arns, source_identity, "
         "mfa_authenticated, scope_policies) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, r.access_key_id)
      .bind(2, r.account_id)
      .bind(3, r.secret)
      .bind(4, r.session_token)
      .bind(5, r.kind)
      .bind(6, r.arn)
      .bind(7, r.principal_id)
      .bind_optional(8, r.role_name)
      .bind_optional(9, r.session_name)
      .bind(10, r.source_arn)
      .bind_optional(11, r.session_policy)
      .bind(12, r.create_date)
      .bind(13, r.expiration)
      .bind_optional(14, tags_to_json(r.tags))
      .bind_optional(15, strings_to_json(r.transitive_tag_keys))
      .bind_optional(16, strings_to_json(r.policy_arns))
      .bind_optional(17, r.source_identity)
      .bind(18, static_cast<int64_t>(r.mfa_authenticated ? 1 : 0))
      .bind_optional(19, strings_to_json(r.scope_policies))
      .run();
}

int SessionRepository::purge_expired(int64_t now) {
  db_.prepare("DELETE FROM sessions WHERE expiration < ?").bind(1, now).run();
  return db_.changes();
}

}  // namespace localiam::storage
