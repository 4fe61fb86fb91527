// `localiam decisions`: the decision log's JSON (GET /_localiam/decisions, auth/decision_log.hpp)
// as lines for a person: one line a decision (time, outcome, principal, action, resource), and
// under each denial what decided it: the deciding statement (policy, type, Sid or position) or,
// when no statement allowed, AWS's reason. With `colour`, the outcome is green or red (ANSI).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam::server {

// nullopt when `json` is not the endpoint's answer.
std::optional<std::string> decision_lines(std::string_view json, bool colour);

}  // namespace localiam::server
