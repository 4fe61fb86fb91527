// Least privilege from what ran: an identity policy that allows exactly the (action, resource)
// pairs a principal's decisions in the decision log asked for, allowed or denied. Actions are
// grouped per service and per set of resources; resource ARNs are kept as the calls named them
// (no wildcard the calls do not justify; "*" only where the call named no resource). For a role,
// the decisions of all its sessions count. Pure.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "auth/decision_log.hpp"

namespace localiam::api {

// Whether an entry is `principal`'s: the same ARN, or for a role's ARN one of its sessions
// (arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION).
class DecisionsOf {
 public:
  explicit DecisionsOf(std::string_view principal);
  bool operator()(const DecisionEntry& entry) const;

 private:
  std::string principal_;
  std::string session_prefix_;  // "" when the principal is not a role
};

// The (action, resource) pairs of a principal's decisions, fed one by one, and the policy
// document (JSON, two-space indented) that allows them; "" when none names an action.
class PolicySuggestion {
 public:
  // `conditions`: a statement whose calls all named the same region requires it
  // (aws:RequestedRegion), as far as the calls justify and no further.
  explicit PolicySuggestion(bool conditions = false) : conditions_(conditions) {}
  void add(const DecisionEntry& entry);
  std::string document() const;

 private:
  bool conditions_;
  std::map<std::string, std::set<std::string>> by_resource_;  // resource → its actions
  std::map<std::string, std::set<std::string>> regions_;      // "resource\naction" → regions
};

}  // namespace localiam::api
