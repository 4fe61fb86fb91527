#include "iam/password_checks.hpp"

namespace localiam::api {

credentials::PasswordRules password_rules_of(
    const std::optional<storage::PasswordPolicyRow>& policy) {
  if (!policy) return credentials::default_password_rules();
  credentials::PasswordRules rules;
  rules.minimum_length = static_cast<int>(policy->minimum_length);
  rules.require_symbols = policy->require_symbols;
  rules.require_numbers = policy->require_numbers;
  rules.require_uppercase = policy->require_uppercase;
  rules.require_lowercase = policy->require_lowercase;
  return rules;
}

AwsError password_policy_violation() {
  return errors::PasswordPolicyViolation(
      "Password does not conform to the account password policy.");
}

Status check_password_rules(const std::optional<storage::PasswordPolicyRow>& policy,
                            std::string_view password) {
  if (!credentials::password_conforms(password_rules_of(policy), password))
    return password_policy_violation();
  return ok_status();
}

}  // namespace localiam::api
