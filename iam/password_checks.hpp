// How a new console password is checked against the account: the account's password policy
// when one is set, else AWS's default policy. Refusals are PasswordPolicyViolation with AWS's
// words ("Password does not conform to the account password policy."); the password never
// appears in a message.
#pragma once

#include <optional>
#include <string_view>

#include "auth/action.hpp"
#include "credentials/password_rules.hpp"
#include "storage/password_policy_repository.hpp"

namespace localiam::api {

// The rules of `policy`, or AWS's default rules when there is no policy.
credentials::PasswordRules password_rules_of(
    const std::optional<storage::PasswordPolicyRow>& policy);

// Ok when `password` meets the rules of `policy` (see password_rules_of).
Status check_password_rules(const std::optional<storage::PasswordPolicyRow>& policy,
                            std::string_view password);

// PasswordPolicyViolation with AWS's message.
AwsError password_policy_violation();

}  // namespace localiam::api
