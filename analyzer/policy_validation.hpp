// IAM Access Analyzer's policy validation (ValidatePolicy), offline: reads a policy document
// and reports what AWS's checks report, as findings with AWS's issue codes, messages, links and
// locations (analyzer/policy_finding.hpp). The actions, services and condition keys are judged
// against AWS's Service Authorization Reference as built into localiam
// (data/service_names.hpp, data/global_condition_keys.hpp). Which of AWS's checks are made is
// listed in README.md ("Policy checks"). Pure; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/policy_finding.hpp"

namespace localiam::analyzer {

enum class ValidatedPolicyType { kIdentity, kResource, kServiceControl, kResourceControl };

// The findings for `document` read as a policy of `type`, in document order.
// `resource_type` is ValidatePolicy's validatePolicyResourceType ("" when not given).
std::vector<Finding> validate_policy(std::string_view document, ValidatedPolicyType type,
                                     std::string_view resource_type = {});

}  // namespace localiam::analyzer
