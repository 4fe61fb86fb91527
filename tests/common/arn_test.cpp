// common/arn: partitions by region, ARN builders and field readers.
#include "common/arn.hpp"

#include <catch2/catch.hpp>

namespace arn = localiam::arn;
using arn::Partition;

TEST_CASE("partition_of_region follows AWS's region names", "[common][arn]") {
  CHECK(arn::partition_of_region("us-east-1") == Partition::kAws);
  CHECK(arn::partition_of_region("eu-west-3") == Partition::kAws);
  CHECK(arn::partition_of_region("") == Partition::kAws);
  CHECK(arn::partition_of_region("cn-north-1") == Partition::kAwsCn);
  CHECK(arn::partition_of_region("cn-northwest-1") == Partition::kAwsCn);
  CHECK(arn::partition_of_region("us-gov-west-1") == Partition::kAwsUsGov);
  CHECK(arn::partition_of_region("us-gov-east-1") == Partition::kAwsUsGov);
  CHECK(arn::partition_of_region("us-iso-east-1") == Partition::kAwsIso);
  CHECK(arn::partition_of_region("us-isob-east-1") == Partition::kAwsIsoB);
  CHECK(arn::partition_of_region("eu-isoe-west-1") == Partition::kAwsIsoE);
  CHECK(arn::partition_of_region("us-isof-south-1") == Partition::kAwsIsoF);
  CHECK(arn::partition_of_region("eusc-de-east-1") == Partition::kAwsEusc);
  CHECK(arn::partition_of_region("aws-cn-global") == Partition::kAwsCn);
  CHECK(arn::partition_of_region("aws-us-gov-global") == Partition::kAwsUsGov);
  CHECK(arn::partition_of_region("aws-global") == Partition::kAws);
}

TEST_CASE("partition names round-trip", "[common][arn]") {
  for (auto p :
       {Partition::kAws, Partition::kAwsCn, Partition::kAwsUsGov, Partition::kAwsIso,
        Partition::kAwsIsoB, Partition::kAwsIsoE, Partition::kAwsIsoF, Partition::kAwsEusc})
    CHECK(arn::partition_named(arn::partition_name(p)) == p);
  CHECK(arn::partition_name(Partition::kAwsUsGov) == "aws-us-gov");
  CHECK(arn::partition_name(Partition::kAwsIsoB) == "aws-iso-b");
  CHECK_FALSE(arn::partition_named("aws-mars"));
  CHECK_FALSE(arn::partition_named(""));
}

TEST_CASE("builders put the partition in every ARN", "[common][arn]") {
  CHECK(arn::entity(Partition::kAws, "123456789012", "user", "/", "alice") ==
        "arn:aws:iam::123456789012:user/alice");
  CHECK(arn::entity(Partition::kAwsCn, "123456789012", "role", "/app/", "r") ==
        "arn:aws-cn:iam::123456789012:role/app/r");
  CHECK(arn::entity(Partition::kAwsUsGov, "123456789012", "mfa", "/", "d") ==
        "arn:aws-us-gov:iam::123456789012:mfa/d");
  CHECK(arn::root(Partition::kAwsIsoB, "123456789012") == "arn:aws-iso-b:iam::123456789012:root");
  CHECK(arn::iam(Partition::kAwsCn, "123456789012", "oidc-provider/example.com") ==
        "arn:aws-cn:iam::123456789012:oidc-provider/example.com");
  CHECK(arn::oidc_provider(Partition::kAwsCn, "123456789012", "token.example.com/id") ==
        "arn:aws-cn:iam::123456789012:oidc-provider/token.example.com/id");
  CHECK(arn::saml_provider(Partition::kAwsUsGov, "123456789012", "Okta") ==
        "arn:aws-us-gov:iam::123456789012:saml-provider/Okta");
  CHECK(arn::assumed_role(Partition::kAwsCn, "123456789012", "r", "s") ==
        "arn:aws-cn:sts::123456789012:assumed-role/r/s");
  CHECK(arn::federated_user(Partition::kAwsUsGov, "123456789012", "bob") ==
        "arn:aws-us-gov:sts::123456789012:federated-user/bob");
  CHECK(arn::aws_managed_policy(Partition::kAwsCn, "/", "ReadOnlyAccess") ==
        "arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
  CHECK(arn::aws_managed_policy(Partition::kAws, "/service-role/", "X") ==
        "arn:aws:iam::aws:policy/service-role/X");
}

TEST_CASE("split reads the six fields; the resource keeps its colons", "[common][arn]") {
  auto parts = arn::split("arn:aws-cn:logs:cn-north-1:123456789012:log-group:/a:log-stream:b");
  REQUIRE(parts);
  CHECK(parts->partition == "aws-cn");
  CHECK(parts->service == "logs");
  CHECK(parts->region == "cn-north-1");
  CHECK(parts->account == "123456789012");
  CHECK(parts->resource == "log-group:/a:log-stream:b");
  CHECK_FALSE(arn::split("arn:aws:iam::123"));
  CHECK_FALSE(arn::split("urn:aws:iam::123456789012:root"));
  CHECK(arn::account_of("arn:aws-us-gov:iam::123456789012:user/a") == "123456789012");
  CHECK(arn::account_of("arn:aws:s3:::bucket") == "");
  CHECK(arn::account_of("not an arn") == "");
  CHECK(arn::partition_of("arn:aws-cn:iam::1:root") == Partition::kAwsCn);
  CHECK_FALSE(arn::partition_of("arn:b:iam::1:root"));
}

TEST_CASE("with_partition rewrites only the partition field", "[common][arn]") {
  CHECK(arn::with_partition("arn:aws:iam::aws:policy/ReadOnlyAccess", Partition::kAwsCn) ==
        "arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
  CHECK(arn::with_partition("arn:aws-us-gov:iam::1:user/a", Partition::kAws) ==
        "arn:aws:iam::1:user/a");
  CHECK(arn::with_partition("plain", Partition::kAwsCn) == "plain");
}

TEST_CASE("is_aws_managed_policy and is_iam accept every known partition", "[common][arn]") {
  CHECK(arn::is_aws_managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess"));
  CHECK(arn::is_aws_managed_policy("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"));
  CHECK(arn::is_aws_managed_policy("arn:aws-us-gov:iam::aws:policy/service-role/X"));
  CHECK_FALSE(arn::is_aws_managed_policy("arn:aws:iam::123456789012:policy/mine"));
  CHECK_FALSE(arn::is_aws_managed_policy("arn:aws-mars:iam::aws:policy/ReadOnlyAccess"));
  CHECK_FALSE(arn::is_aws_managed_policy("arn:aws:s3::aws:policy/x"));
  CHECK(arn::is_iam("arn:aws-cn:iam::123456789012:role/r"));
  CHECK_FALSE(arn::is_iam("arn:aws-cn:sts::123456789012:assumed-role/r/s"));
  CHECK_FALSE(arn::is_iam("arn:aws-cn:iam:cn-north-1:123456789012:role/r"));
}
