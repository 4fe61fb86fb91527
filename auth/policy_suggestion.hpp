// Least privilege from what ran: an identity policy that allows exactly the (action, resource)
// pairs a principal's decisions in the decision log asked for, allowed or denied. Actions are
// grouped per service and per set of resources; resource ARNs are kept as the calls named them
// (no wildcard the calls do not justify; "*" only where the call named no resource). For a role,
// the decisions of all its sessions count. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/decision_log.hpp"

namespace localiam::api {

// Whether `entry` is `principal`'s: the same ARN, or for a role's ARN one of its sessions
// (arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION).
bool decision_of(const DecisionEntry& entry, std::string_view principal);

// The policy document (JSON, two-space indented) for `entries`; "" when they name no action.
std::string suggested_policy(const std::vector<DecisionEntry>& entries);

}  // namespace localiam::api
