// The service-linked roles AWS services create through CreateServiceLinkedRole: for each
// service principal, the role's name (AWSServiceRoleFor…), the AWS managed policy AWS attaches
// and whether the service accepts a CustomSuffix. A role made through the API has no
// description unless the caller gives one (recorded from AWS), so the table holds none.
// Immutable, sorted by service principal, safe to read from any thread.
// Source: kept by hand, as AWS's documentation of each service's service-linked role gives it
// (no machine-readable source exists offline, so no generator: data/README.md); a unit test
// checks that every policy named is in the managed policy catalogue.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace localiam::data {

struct ServiceLinkedRoleInfo {
  std::string_view service;      // "autoscaling.amazonaws.com"
  std::string_view role_name;    // "AWSServiceRoleForAutoScaling"
  std::string_view policy_name;  // "AutoScalingServiceRolePolicy" (path /aws-service-role/)
  bool custom_suffix_allowed;
};

// Every known service, sorted by service principal.
std::span<const ServiceLinkedRoleInfo> all_service_linked_roles();
// The known service, or nullptr.
const ServiceLinkedRoleInfo* find_service_linked_role(std::string_view service);

// The role name for a service principal missing from the table: "AWSServiceRoleFor" followed by
// the principal's first label with each dash-separated word capitalised
// ("network-firewall.amazonaws.com" -> "AWSServiceRoleForNetworkFirewall").
std::string derived_service_linked_role_name(std::string_view service);

}  // namespace localiam::data
