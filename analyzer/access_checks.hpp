// IAM Access Analyzer's custom policy checks, offline: CheckNoNewAccess (does a changed policy
// grant anything the existing one did not?), CheckAccessNotGranted (does a policy grant any of
// these actions or resources?) and CheckNoPublicAccess (does a resource policy let anyone in?).
//
// AWS answers these with automated reasoning over every possible request. localiam answers them
// by evaluation instead: from each Allow statement it builds the requests that statement grants
// (its actions expanded against AWS's Service Authorization Reference, its resources with each
// wildcard filled by a value no policy names, its conditions satisfied by the values they name,
// its principals) and evaluates them with the same engine that authorises requests. A FAIL is
// always backed by such a request; a PASS means none was found, which catches what tests need
// (a new action, a wider resource, a dropped condition) but is not AWS's proof: a condition
// narrowed by a different value (10.0.0.0/16 for 10.0.0.0/8) is not seen. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace localiam::analyzer {

enum class AccessPolicyType { kIdentity, kResource };

struct ReasonSummary {
  std::string description;
  std::optional<size_t> statement_index;
  std::string statement_id;  // "" when the statement has no Sid
};

struct AccessCheckResult {
  bool pass = true;
  std::string message;
  std::vector<ReasonSummary> reasons;
};

struct AccessToCheck {
  std::vector<std::string> actions;    // "s3:GetObject"; may be empty
  std::vector<std::string> resources;  // ARNs; may be empty (any resource)
};

// Errors: a document that is not a policy (InvalidParameterException, naming the parameter).
Result<AccessCheckResult> check_no_new_access(std::string_view new_document,
                                              std::string_view existing_document,
                                              AccessPolicyType type);
Result<AccessCheckResult> check_access_not_granted(std::string_view document,
                                                   const std::vector<AccessToCheck>& access,
                                                   AccessPolicyType type);
// `resource_type` is one of the API's AccessCheckResourceType values ("AWS::S3::Bucket").
Result<AccessCheckResult> check_no_public_access(std::string_view document,
                                                 std::string_view resource_type);

}  // namespace localiam::analyzer
