#include "data/service_linked_roles.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "data/managed_policy_catalog.hpp"

using namespace localiam::data;

TEST_CASE("service-linked role table is sorted and names policies the catalogue has", "[data]") {
  const auto all = all_service_linked_roles();
  REQUIRE(all.size() > 40);
  for (size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].service < all[i].service);
  for (const auto& role : all) {
    INFO(role.service);
    CHECK(role.role_name.starts_with("AWSServiceRoleFor"));
    CHECK(find_service_linked_role(role.service) == &role);
    const std::string arn =
        "arn:aws:iam::aws:policy/aws-service-role/" + std::string(role.policy_name);
    // AWS attaches these, but the bundled catalogue does not hold them (the role gets none).
    if (role.policy_name == "AmazonLexBotPolicy" ||
        role.policy_name == "AWSApplicationAutoscalingCustomResourcePolicy")
      continue;
    CHECK(ManagedPolicyCatalog::instance().find_by_arn(arn) != nullptr);
  }
  CHECK(find_service_linked_role("nope.amazonaws.com") == nullptr);
  CHECK(find_service_linked_role("") == nullptr);
}

TEST_CASE("services with several labels have AWS's own role names", "[data]") {
  const auto* custom =
      find_service_linked_role("custom-resource.application-autoscaling.amazonaws.com");
  REQUIRE(custom != nullptr);
  CHECK(custom->role_name == "AWSServiceRoleForApplicationAutoScaling_CustomResource");
  CHECK_FALSE(custom->custom_suffix_allowed);
  const auto* lex = find_service_linked_role("lexv2.amazonaws.com");
  REQUIRE(lex != nullptr);
  CHECK(lex->role_name == "AWSServiceRoleForLexV2Bots");
  CHECK(lex->custom_suffix_allowed);
  const auto* insights = find_service_linked_role("opsinsights.ssm.amazonaws.com");
  REQUIRE(insights != nullptr);
  CHECK(insights->role_name == "AWSServiceRoleForAmazonSSM_OpsInsights");
}

TEST_CASE("role names for services missing from the table", "[data]") {
  CHECK(derived_service_linked_role_name("network-firewall.amazonaws.com") ==
        "AWSServiceRoleForNetworkFirewall");
  CHECK(derived_service_linked_role_name("lambda.amazonaws.com") == "AWSServiceRoleForLambda");
  CHECK(derived_service_linked_role_name("x") == "AWSServiceRoleForX");
  CHECK(derived_service_linked_role_name("") == "AWSServiceRoleFor");
}
