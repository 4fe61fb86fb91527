#include "server/decision_lines.hpp"

#include <rapidjson/document.h>

namespace localiam::server {

namespace {

std::string text(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return {it->value.GetString(), it->value.GetStringLength()};
}

}  // namespace

std::optional<std::string> decision_lines(std::string_view json, bool colour) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto list = doc.FindMember("decisions");
  if (list == doc.MemberEnd() || !list->value.IsArray()) return std::nullopt;
  std::string out;
  for (const rapidjson::Value& d : list->value.GetArray()) {
    const std::string decision = text(d, "decision");
    const bool allowed = decision == "allowed";
    const std::string shown = decision;
    out += text(d, "time") + "  ";
    if (colour) out += allowed ? "\033[32m" : "\033[31m";
    out += shown;
    if (colour) out += "\033[0m";
    out += std::string(shown.size() < 12 ? 12 - shown.size() : 0, ' ');
    out +=
        "  " + text(d, "principal") + "  " + text(d, "action") + "  " + text(d, "resource") + "\n";
    if (allowed) continue;
    auto statements = d.FindMember("statements");
    bool named = false;
    if (statements != d.MemberEnd() && statements->value.IsArray()) {
      for (const rapidjson::Value& s : statements->value.GetArray()) {
        const std::string sid = text(s, "sid");
        std::string which = "statement ";
        auto index = s.FindMember("index");
        if (!sid.empty())
          which += '"' + sid + '"';
        else if (index != s.MemberEnd() && index->value.IsUint64())
          which += std::to_string(index->value.GetUint64());
        out += "    " + text(s, "effect") + " in " + text(s, "policyType") + " policy \"" +
               text(s, "policy") + "\", " + which + "\n";
        named = true;
      }
    }
    const std::string reason = text(d, "reason");
    if (!reason.empty() && !named) out += "    " + reason + "\n";
  }
  return out;
}

}  // namespace localiam::server
