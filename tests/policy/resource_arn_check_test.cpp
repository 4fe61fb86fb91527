#include "policy/resource_arn_check.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

using localiam::policy::passes_legacy_resource_parsing;
using localiam::policy::resource_format_error;

namespace {

const std::string kIamPath =
    "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, "
    "group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, "
    "oidc-provider/, report/, access-report/.";

}  // namespace

TEST_CASE("resource ARN formats and AWS's messages", "[policy]") {
  struct Case {
    std::string resource;
    std::optional<std::string> error;
  };
  const std::vector<Case> cases = {
      {"*", std::nullopt},
      {"arn:aws:s3:::bucket/key:with:colons", std::nullopt},
      {"arn:aws:codecommit", std::nullopt},
      {"arn:*:s3:::b", std::nullopt},
      {"arn:aws-cn:s3:::b", std::nullopt},
      {"arn:aws:s3:us-west-2:123456789012:accesspoint/ap", std::nullopt},
      {"arn:aws:s3:us-west-2:123456789012:job/*", std::nullopt},
      {"arn:aws:s3::123456789012:accesspoint/mrap.mrap", std::nullopt},
      {"arn:aws:iam::123456789012:root", std::nullopt},
      {"arn:aws:iam::*:*", std::nullopt},
      {"arn:aws:iam::aws:policy/ReadOnlyAccess", std::nullopt},
      {"arn:aws:iam::123456789012:oidc-provider/x", std::nullopt},
      {"bucket", R"(Resource bucket must be in ARN format or "*".)"},
      {"", R"(Resource  must be in ARN format or "*".)"},
      {"arn:", R"(Partition "" is not valid for resource "arn::*:*:*:*".)"},
      {"x:moon", R"(Partition "moon" is not valid for resource "arn:moon:*:*:*:*".)"},
      {"x:moon:", R"(Partition "moon" is not valid for resource "arn:moon:*:*:*:*".)"},
      {"x:moon::", R"(Partition "moon" is not valid for resource "arn:moon:::*:*".)"},
      {"arn:moon:s3:r:a:b:c",
       R"(Partition "moon" is not valid for resource "arn:moon:s3:r:a:b:c".)"},
      {"arn:aws", "Resource vendor must be fully qualified and cannot contain regexes."},
      {"arn:aws:iam:*:1:role/r",
       "IAM resource arn:aws:iam:*:1:role/r cannot contain region information."},
      {"arn:aws:s3:*::b", "Resource arn:aws:s3:*::b can not contain region information."},
      {"arn:aws:route53:::hostedzone/*", std::nullopt},
      // As AWS answered (quoted in a public Terraform configuration).
      {"arn:aws:route53:eu-west-1:123456789012:hostedzone/*",
       "Resource arn:aws:route53:eu-west-1:123456789012:hostedzone/* can not contain region "
       "information."},
      {"arn:aws:route53::123456789012:hostedzone/*",
       "Resource arn:aws:route53::123456789012:hostedzone/* cannot contain an account id."},
      {"arn:aws:iam::123456789012:users/x", kIamPath},
      {"arn:aws:iam::123456789012:", kIamPath},
      {"arn:aws:iam", kIamPath},
  };
  for (const Case& c : cases) {
    INFO(c.resource);
    CHECK(resource_format_error(c.resource) == c.error);
  }
}

TEST_CASE("resource shapes IAM's legacy parser refuses", "[policy]") {
  for (const char* ok : {"*", "arn:aws:s3", "arn:aws:s3:", "arn:aws:s3:::b", "arn:aws:s3:r:a",
                         "arn:aws:s3::::", "arn:aws:apigateway:us-east-1::/tags/a%3Ab"}) {
    INFO(ok);
    CHECK(passes_legacy_resource_parsing(ok));
  }
  for (const char* bad :
       {"arn:aws:s3::b", "arn:aws::b", "arn:aws::::b", "arn:aws:", "arn:aws::s3:::b"}) {
    INFO(bad);
    CHECK_FALSE(passes_legacy_resource_parsing(bad));
  }
}
