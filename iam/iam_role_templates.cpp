// Role templates (GetRoleTemplateVersion, AcquireRole). AWS services publish role templates
// (their ManagedByType is "Service") and no IAM action creates one, so an account served by
// localiam has none: both actions check their parameters as the model declares them, then
// answer NoSuchEntity for the template named. AWS's wording of that NoSuchEntity is
// unconfirmed; this one follows IAM's "The X with name Y cannot be found." form.
#include <set>
#include <string_view>

#include "iam/iam_actions.hpp"
#include "query/param_presets.hpp"

namespace localiam::api {

namespace {

constexpr size_t kMaxReplacementValues = 30;

AwsError no_such_template(const RequestContext& ctx) {
  return errors::NoSuchEntity("The role template with ARN " + ctx.param("TemplateArn") +
                              " cannot be found.");
}

Result<XmlNode> GetRoleTemplateVersion(RequestContext& ctx) { return no_such_template(ctx); }

// ReplacementValues is a map (ReplacementValues.entry.N.key, .value.Values.member.M) of at
// most 30 entries, each with a required Values list. Entries are counted in one pass over the
// parameters (a request may carry very many).
Result<XmlNode> AcquireRole(RequestContext& ctx) {
  constexpr std::string_view kPrefix = "ReplacementValues.entry.";
  std::set<std::string_view> entries;
  for (const auto& [name, value] : ctx.params.all()) {
    std::string_view rest(name);
    if (rest.substr(0, kPrefix.size()) != kPrefix) continue;
    rest.remove_prefix(kPrefix.size());
    entries.insert(rest.substr(0, rest.find('.')));
  }
  if (entries.size() > kMaxReplacementValues)
    return errors::ValidationError(
        "1 validation error detected: Value at 'replacementValues' failed to satisfy "
        "constraint: Member must have length less than or equal to 30");
  return no_such_template(ctx);
}

}  // namespace

void add_role_template_actions(std::vector<Action>& table) {
  using namespace presets;
  const auto iam = Service::kIam;
  const ParamRule minor_version{.name = "MinorVersion", .kind = ParamKind::kInteger};
  const ParamRule template_minor_version{.name = "TemplateMinorVersion",
                                         .kind = ParamKind::kInteger};
  table.insert(table.end(), {
                                {.name = "GetRoleTemplateVersion",
                                 .service = iam,
                                 .handler = GetRoleTemplateVersion,
                                 .rules = {arn("TemplateArn"), minor_version},
                                 .resource = resource::arn("TemplateArn")},
                                {.name = "AcquireRole",
                                 .service = iam,
                                 .handler = AcquireRole,
                                 .rules = {arn("TemplateArn"), template_minor_version},
                                 .writes = true,
                                 .resource = resource::arn("TemplateArn")},
                            });
}

}  // namespace localiam::api
