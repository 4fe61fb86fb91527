// What a principal's identity policies grant that no call in the decision log used: for each
// Allow statement and each entry of its Action (or its NotAction), the actions it grants,
// expanded against the names of every service's actions (data/service_names.hpp), split into
// those the principal's allowed decisions named and those they did not. Like AWS's last-accessed
// data, a service the principal never called is reported as a whole (`unusedServices`) when the
// entry spans services ("*", "*:Get*", NotAction); within one service, or a service that was
// called, each unused action is named. Pure.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal_policies.hpp"

namespace localiam::api {

// The JSON answer of GET /_localiam/unused: {"principal", "decisions" (how many of the
// principal's decisions the window holds), "usedActions", "statements": [{"policy",
// "policyType", "sid", "index", "unused" (nothing of it used), "actions": [{"action" or
// "notAction", "used", "unused", "unusedServices"}]}]}. `used` holds the actions of the
// principal's allowed decisions, lower-cased.
std::string unused_permissions_json(std::string_view principal, const PrincipalPolicies& policies,
                                    const std::set<std::string>& used, size_t decisions);

}  // namespace localiam::api
