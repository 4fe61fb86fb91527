#include "auth/policy_suggestion.hpp"

#include <map>
#include <set>

#include "common/json_escape.hpp"

namespace localiam::api {

DecisionsOf::DecisionsOf(std::string_view principal) : principal_(principal) {
  // arn:P:iam::ACCOUNT:role/PATH/NAME → arn:P:sts::ACCOUNT:assumed-role/NAME/
  const size_t role = principal.find(":role/");
  const size_t iam = principal.find(":iam::");
  if (role == std::string_view::npos || !principal.starts_with("arn:") ||
      iam == std::string_view::npos || iam > role)
    return;
  const std::string_view name = principal.substr(principal.rfind('/') + 1);
  session_prefix_ = std::string(principal.substr(0, iam)) +
                    ":sts::" + std::string(principal.substr(iam + 6, role - iam - 6)) +
                    ":assumed-role/" + std::string(name) + "/";
}

bool DecisionsOf::operator()(const DecisionEntry& entry) const {
  return entry.principal == principal_ ||
         (!session_prefix_.empty() && entry.principal.starts_with(session_prefix_));
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
    out += '"';
    out += json_escape(*items.begin());
    out += '"';
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

void PolicySuggestion::add(const DecisionEntry& entry) {
  if (entry.action.find(':') == std::string::npos) return;
  const std::string& resource = entry.resource.empty() ? "*" : entry.resource;
  by_resource_[resource].insert(entry.action);
  if (conditions_) regions_[resource + '\n' + entry.action].insert(entry.region);
}

std::string PolicySuggestion::document() const {
  // (service, actions) → the resources that needed exactly them.
  std::map<std::pair<std::string, std::set<std::string>>, std::set<std::string>> statements;
  for (const auto& [resource, actions] : by_resource_) {
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
    // Every call of the statement named one region: the statement can require it.
    std::set<std::string> regions;
    if (conditions_)
      for (const std::string& resource : resources)
        for (const std::string& action : actions) {
          auto it = regions_.find(resource + '\n' + action);
          if (it != regions_.end()) regions.insert(it->second.begin(), it->second.end());
        }
    if (regions.size() == 1 && !regions.begin()->empty())
      out += ",\n      \"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"" +
             json_escape(*regions.begin()) + "\"}}";
    out += "\n    }";
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace localiam::api
