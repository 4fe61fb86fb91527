// Every AWS service's action and condition key names, built in.
#include "data/service_names.hpp"

#include <catch2/catch.hpp>

using localiam::data::ServiceNames;

TEST_CASE("services, actions and condition keys by name", "[service_names]") {
  const ServiceNames& names = ServiceNames::instance();
  CHECK(names.services().size() > 400);
  REQUIRE(names.service("ec2") != nullptr);
  CHECK(names.service("EC2") == names.service("ec2"));
  CHECK(names.service("nosuch") == nullptr);
  REQUIRE(names.action("ec2", "describeinstances") != nullptr);
  CHECK(*names.action("ec2", "describeinstances") == "DescribeInstances");
  CHECK(names.action("ec2", "DescribeInstance") == nullptr);
  CHECK(names.has_condition_key("s3:prefix"));
  CHECK(names.has_condition_key("S3:Prefix"));
  CHECK(names.has_condition_key("ec2:ResourceTag/team"));
  CHECK_FALSE(names.has_condition_key("s3:prefixx"));
  CHECK_FALSE(names.has_condition_key("nosuch:key"));
}
