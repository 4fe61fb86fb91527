// An action as the dispatcher, the authoriser and the handlers see it: its name and service,
// its parameter rules, the handler that fills its <Result>, whether it writes (runs in a
// transaction), has a <Result> element and needs a signature, and the resource it is authorised
// against. A service's name ("iam", "sts") is spelt here only. The table of all actions is
// api/action_table.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/resource_template.hpp"
#include "auth/service_context.hpp"
#include "common/result.hpp"
#include "query/param_rules.hpp"
#include "query/xml_writer.hpp"

namespace localiam::api {

enum class Service { kIam, kSts };

// The service's one name: the prefix of its actions in policies ("iam" in "iam:CreateUser"), its
// SigV4 signing name, and its name in the access log and the metrics.
constexpr std::string_view service_name(Service service) {
  return service == Service::kIam ? "iam" : "sts";
}
// The service whose name (as service_name() spells it) is `name`, or nullopt.
constexpr std::optional<Service> service_from_name(std::string_view name) {
  if (name == service_name(Service::kIam)) return Service::kIam;
  if (name == service_name(Service::kSts)) return Service::kSts;
  return std::nullopt;
}
// The action as policies name it: "iam:CreateUser", "sts:TagSession".
inline std::string policy_action(Service service, std::string_view name) {
  std::string out(service_name(service));
  out += ':';
  out += name;
  return out;
}

// A handler fills the Result element's children (ignored for actions without output).
using Handler = Result<XmlNode> (*)(RequestContext&);

struct Action {
  std::string_view name;
  Service service;
  Handler handler;
  std::vector<ParamRule> rules;
  bool has_result = true;
  bool writes = false;
  bool needs_signature = true;  // AssumeRoleWithWebIdentity/SAML are unsigned
  // The resource the action is authorised against (none: the action has no resource type).
  ResourceTemplate resource = {};

  // "iam:CreateUser": this action as policies, the authoriser and the simulator name it.
  std::string policy_action() const { return api::policy_action(service, name); }
};

}  // namespace localiam::api
