// Resource templates (auth/resource_template.hpp): what each kind resolves to for one request,
// and that every action row's template names a parameter the action takes.
#include "auth/resource_template.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "api/action_table.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

using namespace localiam;
using api::ResourceTemplate;
namespace resource = api::resource;

namespace {

struct Resolved {
  std::string arn;
  bool unknown;
};

Resolved resolve(const ResourceTemplate& tmpl, const std::string& form,
                 api::PrincipalKind kind = api::PrincipalKind::kUser,
                 arn::Partition partition = arn::Partition::kAws) {
  Clock clock;
  storage::Database db(":memory:");
  api::ServiceContext service{api::ServiceConfig{}, db, clock};
  api::QueryParams params;
  REQUIRE(params.add_form(form).ok());
  api::Principal caller;
  caller.kind = kind;
  caller.account_id = "111111111111";
  caller.arn = kind == api::PrincipalKind::kUser ? "arn:aws:iam::111111111111:user/ops/alice"
                                                 : "arn:aws:iam::111111111111:root";
  api::RequestContext ctx{service, db, params, caller, "us-east-1", 0, "127.0.0.1", partition};
  api::AuthorizationLookups lookups(ctx);
  api::ResolvedResource r = api::resolve_resource(tmpl, ctx, lookups);
  return {r.arn, r.unknown};
}

}  // namespace

TEST_CASE("each template kind names the resource AWS authorises against", "[auth][resource]") {
  struct Row {
    const char* name;
    ResourceTemplate tmpl;
    const char* form;
    const char* arn;
    bool unknown;
  };
  // clang-format off
  const Row rows[] = {
      {"no resource type", resource::none(), "", "*", false},
      {"not named by localiam", resource::unknown(), "", "*", true},
      {"a new user at its Path", resource::entity("user", "UserName"),
       "UserName=bob&Path=%2Fdev%2F", "arn:aws:iam::111111111111:user/dev/bob", false},
      {"a new role at /", resource::entity("role", "RoleName"), "RoleName=r",
       "arn:aws:iam::111111111111:role/r", false},
      {"an entity without its parameter", resource::entity("group", "GroupName"), "", "*", true},
      {"the named user", resource::user_or_caller(), "UserName=carol",
       "arn:aws:iam::111111111111:user/carol", false},
      {"else the calling user", resource::user_or_caller(), "",
       "arn:aws:iam::111111111111:user/ops/alice", false},
      {"an ARN parameter", resource::arn("PolicyArn"),
       "PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
       "arn:aws:iam::aws:policy/ReadOnlyAccess", false},
      {"an absent ARN parameter", resource::arn("PolicyArn"), "", "*", true},
      {"a listing without a prefix", resource::listing("user"), "",
       "arn:aws:iam::111111111111:user/", false},
      {"a listing under a prefix", resource::listing("role"), "PathPrefix=%2Fapp%2F",
       "arn:aws:iam::111111111111:role/app/", false},
      {"a named resource without a path", resource::named("saml-provider", "Name"), "Name=corp",
       "arn:aws:iam::111111111111:saml-provider/corp", false},
      {"a federated user", resource::federated_user(), "Name=bob",
       "arn:aws:sts::111111111111:federated-user/bob", false},
  };
  // clang-format on
  for (const Row& row : rows) {
    INFO(row.name);
    Resolved r = resolve(row.tmpl, row.form);
    CHECK(r.arn == row.arn);
    CHECK(r.unknown == row.unknown);
  }
  // The root has no user of its own to act on.
  CHECK(resolve(resource::user_or_caller(), "", api::PrincipalKind::kRoot).unknown);
  // ARNs carry the request's partition.
  CHECK(resolve(resource::entity("user", "UserName"), "UserName=bob", api::PrincipalKind::kUser,
                arn::Partition::kAwsCn)
            .arn == "arn:aws-cn:iam::111111111111:user/bob");
}

TEST_CASE("every action row's resource template names a parameter the action takes",
          "[auth][resource]") {
  using Kind = ResourceTemplate::Kind;
  const std::set<std::string_view> types = {"user",
                                            "group",
                                            "role",
                                            "policy",
                                            "instance-profile",
                                            "server-certificate",
                                            "mfa",
                                            "saml-provider",
                                            "delegation-request",
                                            "federated-user",
                                            "access-report"};
  size_t named = 0;
  for (const api::Action& action : api::all_actions()) {
    INFO(action.name);
    const ResourceTemplate& t = action.resource;
    if (t.kind == Kind::kNone || t.kind == Kind::kUnknown) continue;
    ++named;
    if (t.kind != Kind::kArn) CHECK(types.count(t.type) == 1);
    bool takes = false;
    for (const api::ParamRule& rule : action.rules) takes = takes || t.param == rule.name;
    // ChangePassword takes no UserName: it always acts on the caller.
    CHECK((takes || t.kind == Kind::kUserOrCaller));
  }
  // Most IAM actions act on a resource (the Service Authorization Reference gives 139 of them a
  // resource type); the templates must not have gone missing.
  CHECK(named >= 130);
}
