// The account password policy: UpdateAccountPasswordPolicy (no partial updates: every omitted
// parameter takes its default), GetAccountPasswordPolicy (ExpirePasswords derived from
// MaxPasswordAge; MaxPasswordAge, PasswordReusePrevention and HardExpiry only when they were
// set) and DeleteAccountPasswordPolicy, with AWS's NoSuchEntity messages.
#include <charconv>

#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"
#include "storage/password_policy_repository.hpp"

namespace localiam::api {

namespace {

using storage::PasswordPolicyRow;

// Rules have checked that the value is a number in range.
std::optional<int64_t> integer_param(RequestContext& ctx, std::string_view name) {
  const std::string* text = ctx.optional_param(name);
  if (!text) return std::nullopt;
  int64_t value = 0;
  std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

bool flag_param(RequestContext& ctx, std::string_view name) { return ctx.param(name) == "true"; }

Result<XmlNode> UpdateAccountPasswordPolicy(RequestContext& ctx) {
  PasswordPolicyRow policy;
  if (auto length = integer_param(ctx, "MinimumPasswordLength")) policy.minimum_length = *length;
  policy.require_symbols = flag_param(ctx, "RequireSymbols");
  policy.require_numbers = flag_param(ctx, "RequireNumbers");
  policy.require_uppercase = flag_param(ctx, "RequireUppercaseCharacters");
  policy.require_lowercase = flag_param(ctx, "RequireLowercaseCharacters");
  policy.allow_users_to_change = flag_param(ctx, "AllowUsersToChangePassword");
  policy.max_age = integer_param(ctx, "MaxPasswordAge");
  policy.reuse_prevention = integer_param(ctx, "PasswordReusePrevention");
  if (ctx.optional_param("HardExpiry")) policy.hard_expiry = flag_param(ctx, "HardExpiry");
  storage::PasswordPolicyRepository(ctx.db).put(ctx.account(), policy);
  return XmlNode();
}

// Members in the order of botocore's PasswordPolicy shape.
Result<XmlNode> GetAccountPasswordPolicy(RequestContext& ctx) {
  auto policy = storage::PasswordPolicyRepository(ctx.db).find(ctx.account());
  if (!policy)
    return errors::NoSuchEntity("The Password Policy with domain name " + ctx.account() +
                                " cannot be found.");
  XmlNode result;
  XmlNode& p = result.child("PasswordPolicy");
  p.integer("MinimumPasswordLength", policy->minimum_length)
      .boolean("RequireSymbols", policy->require_symbols)
      .boolean("RequireNumbers", policy->require_numbers)
      .boolean("RequireUppercaseCharacters", policy->require_uppercase)
      .boolean("RequireLowercaseCharacters", policy->require_lowercase)
      .boolean("AllowUsersToChangePassword", policy->allow_users_to_change)
      .boolean("ExpirePasswords", policy->max_age.value_or(0) > 0);
  if (policy->max_age) p.integer("MaxPasswordAge", *policy->max_age);
  if (policy->reuse_prevention) p.integer("PasswordReusePrevention", *policy->reuse_prevention);
  if (policy->hard_expiry) p.boolean("HardExpiry", *policy->hard_expiry);
  return result;
}

Result<XmlNode> DeleteAccountPasswordPolicy(RequestContext& ctx) {
  if (!storage::PasswordPolicyRepository(ctx.db).remove(ctx.account()))
    return errors::NoSuchEntity("The account policy with name PasswordPolicy cannot be found.");
  return XmlNode();
}

}  // namespace

void add_password_policy_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  table.insert(
      table.end(),
      {
          // Rule order gives AWS's order of items in a multi-error message.
          {.name = "UpdateAccountPasswordPolicy",
           .service = iam,
           .handler = UpdateAccountPasswordPolicy,
           .rules = {integer("MinimumPasswordLength", 6, 128), boolean("RequireSymbols"),
                     boolean("RequireNumbers"), boolean("RequireUppercaseCharacters"),
                     boolean("RequireLowercaseCharacters"), boolean("AllowUsersToChangePassword"),
                     integer("PasswordReusePrevention", 1, 24), integer("MaxPasswordAge", 1, 1095),
                     boolean("HardExpiry")},
           .has_result = false,
           .writes = true},
          {.name = "GetAccountPasswordPolicy", .service = iam, .handler = GetAccountPasswordPolicy},
          {.name = "DeleteAccountPasswordPolicy",
           .service = iam,
           .handler = DeleteAccountPasswordPolicy,
           .has_result = false,
           .writes = true},
      });
}

}  // namespace localiam::api
