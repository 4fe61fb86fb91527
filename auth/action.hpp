// An action as the dispatcher, the authoriser and the handlers see it: its name and service,
// its parameter rules, the handler that fills its <Result>, whether it writes (runs in a
// transaction), has a <Result> element and needs a signature, and the resource it is authorised
// against. The table of all actions is
// api/action_table.hpp.
#pragma once

#include <string_view>
#include <vector>

#include "auth/resource_template.hpp"
#include "auth/service_context.hpp"
#include "common/result.hpp"
#include "query/param_rules.hpp"
#include "query/xml_writer.hpp"

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
  // The resource the action is authorised against (none: the action has no resource type).
  ResourceTemplate resource = {};
};

}  // namespace localiam::api
