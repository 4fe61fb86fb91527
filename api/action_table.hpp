// The table of actions: one row per IAM/STS action with its handler, parameter rules, and
// whether it writes (runs in a transaction) and has a <Result> element. Adding an action is
// one handler function and one row here.
#pragma once

#include <string_view>
#include <vector>

#include "api/param_rules.hpp"
#include "api/service_context.hpp"
#include "api/xml_writer.hpp"
#include "common/result.hpp"

namespace localiam::api {

enum class Service { kIam, kSts };

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
};

// Every action, sorted by service (IAM first) and name.
const std::vector<Action>& all_actions();
// The action named `name` of `service`, or nullptr.
const Action* find_action(Service service, std::string_view name);
// The service that has an action named `name` (IAM first), or nullptr.
const Action* find_action_any_service(std::string_view name);

std::string_view xml_namespace(Service service);
std::string_view api_version(Service service);

}  // namespace localiam::api
