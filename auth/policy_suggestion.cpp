#include "auth/policy_suggestion.hpp"

#include <map>
#include <set>

#include "common/json_escape.hpp"

namespace localiam::api {

bool decision_of(const DecisionEntry& entry, std::string_view principal) {
  if (entry.principal == principal) return true;
  // arn:P:iam::ACCOUNT:role/PATH/NAME → arn:P:sts::ACCOUNT:assumed-role/NAME/
  const size_t role = principal.find(":role/");
  if (role == std::string_view::npos || !principal.starts_with("arn:")) return false;
  const size_t iam = principal.find(":iam::");
  if (iam == std::string_view::npos || iam > role) return false;
  const std::string_view name = principal.substr(principal.rfind('/') + 1);
  const std::string session_prefix =
      std::string(principal.substr(0, iam)) +
      ":sts::" + std::string(principal.substr(iam + 6, role - iam - 6)) + ":assumed-role/" +
      std::string(name) + "/";
  return entry.principal.starts_with(session_prefix);
}

namespace {

std::string service_of(const std::string& action) { return action.substr(0, action.find(':')); }

// "AllowS3", "AllowIamSet2": the service prefix in CamelCase, numbered from the second.
std::string sid_for(const std::string& service, int n) {
  std::string sid = "Allow";
  bool upper = true;
  for (char c : service) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(c >= '0' && c <= '9')) {
      upper = true;
      continue;
    }
    sid += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
    upper = false;
  }
  return n > 1 ? sid + "Set" + std::to_string(n) : sid;
}

void add_list(std::string& out, const char* name, const std::set<std::string>& items) {
  out += std::string("      \"") + name + "\": ";
  if (items.size() == 1) {
    out += "\"" + json_escape(*items.begin()) + "\"";
    return;
  }
  out += "[";
  bool first = true;
  for (const std::string& item : items) {
    out += first ? "\n" : ",\n";
    out += "        \"" + json_escape(item) + "\"";
    first = false;
  }
  out += "\n      ]";
}

}  // namespace

std::string suggested_policy(const std::vector<DecisionEntry>& entries) {
  // resource → its actions, then (service, actions) → the resources that needed exactly them.
  std::map<std::string, std::set<std::string>> by_resource;
  for (const DecisionEntry& e : entries) {
    if (e.action.find(':') == std::string::npos) continue;
    by_resource[e.resource.empty() ? "*" : e.resource].insert(e.action);
  }
  std::map<std::pair<std::string, std::set<std::string>>, std::set<std::string>> statements;
  for (const auto& [resource, actions] : by_resource) {
    std::map<std::string, std::set<std::string>> per_service;
    for (const std::string& action : actions) per_service[service_of(action)].insert(action);
    for (auto& [service, service_actions] : per_service)
      statements[{service, service_actions}].insert(resource);
  }
  if (statements.empty()) return "";
  std::string out = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [";
  std::map<std::string, int> numbered;
  bool first = true;
  for (const auto& [key, resources] : statements) {
    const auto& [service, actions] = key;
    out += first ? "\n" : ",\n";
    first = false;
    out += "    {\n      \"Sid\": \"" + sid_for(service, ++numbered[service]) + "\",\n";
    out += "      \"Effect\": \"Allow\",\n";
    add_list(out, "Action", actions);
    out += ",\n";
    add_list(out, "Resource", resources);
    out += "\n    }";
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace localiam::api
