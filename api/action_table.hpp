// The table of actions: one row per IAM/STS action (auth/action.hpp) with its handler, parameter
// rules, and whether it writes (runs in a transaction) and has a <Result> element. Adding an
// action is one handler function and one row in its area file (iam/iam_actions.hpp,
// sts/sts_actions.hpp).
#pragma once

#include <string_view>
#include <vector>

#include "auth/action.hpp"

namespace localiam::api {

// Every action, sorted by service (IAM first) and name.
const std::vector<Action>& all_actions();
// The action named `name` of `service`, or nullptr.
const Action* find_action(Service service, std::string_view name);
// The service that has an action named `name` (IAM first), or nullptr.
const Action* find_action_any_service(std::string_view name);

std::string_view xml_namespace(Service service);
std::string_view api_version(Service service);

}  // namespace localiam::api
