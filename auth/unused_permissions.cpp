#include "auth/unused_permissions.hpp"

#include <map>

#include "common/ascii.hpp"
#include "common/json_escape.hpp"
#include "data/service_names.hpp"
#include "policy/evaluator.hpp"
#include "policy/policy_parser.hpp"
#include "policy/wildcard.hpp"

namespace localiam::api {

namespace {

std::string quoted(std::string_view s) {
  std::string out(1, '"');
  out += json_escape(s);
  out += '"';
  return out;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += quoted(items[i]);
  }
  return out + "]";
}

// What one Action entry (or the whole NotAction) grants, split by use.
struct EntryUse {
  std::vector<std::string> used, unused, unused_services;
};

EntryUse split(const std::vector<std::string>& patterns, bool negated,
               const std::set<std::string>& used) {
  // The granted actions, per service, as AWS spells them.
  std::map<std::string, std::vector<std::string>> granted;
  bool spans_services = negated;
  for (const std::string& p : patterns) {
    const size_t colon = p.find(':');
    if (colon == std::string::npos || p.find_first_of("*?") < colon) spans_services = true;
  }
  for (const data::ServiceNamesEntry& service : data::ServiceNames::instance().services()) {
    for (const std::string& name : service.actions) {
      const std::string full = service.prefix + ":" + name;
      bool hit = false;
      for (const std::string& p : patterns)
        if (policy::wildcard_match(p, full, true)) {
          hit = true;
          break;
        }
      if (hit != negated) granted[service.prefix].push_back(full);
    }
  }
  EntryUse out;
  for (const auto& [prefix, actions] : granted) {
    std::vector<std::string> used_here, unused_here;
    for (const std::string& a : actions)
      (used.count(ascii::to_lower(a)) ? used_here : unused_here).push_back(a);
    if (used_here.empty() && spans_services) {
      out.unused_services.push_back(prefix);
      continue;
    }
    out.used.insert(out.used.end(), used_here.begin(), used_here.end());
    out.unused.insert(out.unused.end(), unused_here.begin(), unused_here.end());
  }
  // An action of a service the Reference does not list is reported as written.
  if (!negated)
    for (const std::string& p : patterns)
      if (p.find_first_of("*?") == std::string::npos && !granted.count(p.substr(0, p.find(':'))))
        (used.count(ascii::to_lower(p)) ? out.used : out.unused).push_back(p);
  return out;
}

}  // namespace

std::string unused_permissions_json(std::string_view principal, const PrincipalPolicies& policies,
                                    const std::set<std::string>& used, size_t decisions) {
  std::vector<std::string> used_list(used.begin(), used.end());
  std::string out = "{\"principal\":" + quoted(principal) +
                    ",\"decisions\":" + std::to_string(decisions) +
                    ",\"usedActions\":" + list(used_list) + ",\"statements\":[";
  bool first = true;
  for (const LoadedPolicy& loaded : policies.identity) {
    // The document as stored, so that actions read as they were written.
    const Result<policy::ParsedPolicy> parsed =
        policy::parse_policy(loaded.document, policy::PolicyKind::kIdentity);
    if (!parsed.ok()) continue;
    const std::vector<policy::Statement>& statements = parsed->statements;
    for (size_t i = 0; i < statements.size(); ++i) {
      const policy::Statement& st = statements[i];
      if (st.effect != policy::Effect::kAllow || !st.actions) continue;
      std::string entries;
      bool any_used = false;
      // NotAction grants as one entry; each Action pattern is its own.
      std::vector<std::vector<std::string>> groups;
      if (st.actions->negated)
        groups.push_back(st.actions->values);
      else
        for (const std::string& p : st.actions->values) groups.push_back({p});
      for (const std::vector<std::string>& group : groups) {
        const EntryUse use = split(group, st.actions->negated, used);
        any_used = any_used || !use.used.empty();
        entries += entries.empty() ? "{" : ",{";
        entries += st.actions->negated ? "\"notAction\":" + list(group)
                                       : "\"action\":" + quoted(group.front());
        entries += ",\"used\":" + list(use.used) + ",\"unused\":" + list(use.unused) +
                   ",\"unusedServices\":" + list(use.unused_services) + "}";
      }
      out += first ? "{" : ",{";
      first = false;
      out += "\"policy\":" + quoted(loaded.id) +
             ",\"policyType\":" + quoted(policy::source_type_name(loaded.type)) +
             (st.sid && !st.sid->empty() ? ",\"sid\":" + quoted(*st.sid) : "") +
             ",\"index\":" + std::to_string(i + 1) +
             ",\"unused\":" + (any_used ? "false" : "true") + ",\"actions\":[" + entries + "]}";
    }
  }
  return out + "]}";
}

}  // namespace localiam::api
