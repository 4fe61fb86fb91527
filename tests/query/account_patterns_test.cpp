// The patterns of the account-level actions (account alias, service namespaces, Organizations
// paths and ids, delegation requests), table-driven against botocore's regular expressions.
#include <catch2/catch.hpp>

#include "query/param_rules.hpp"

using namespace localiam::api;

TEST_CASE("account alias pattern", "[api][account]") {
  struct Case {
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"abc", true},   {"my-corp-1", true}, {"0-9", true},   {"ab", false},
      {"-abc", false}, {"abc-", false},     {"a--b", false}, {"Abc", false},
      {"a_b", false},  {"a.b", false},      {"", false},
  };
  for (const auto& c : cases) {
    INFO(c.value);
    CHECK(matches_pattern(c.value, Pattern::kAccountAlias) == c.ok);
  }
  CHECK(matches_pattern(std::string(63, 'a'), Pattern::kAccountAlias));
  CHECK_FALSE(matches_pattern(std::string(64, 'a'), Pattern::kAccountAlias));
}

TEST_CASE("service namespace and delegation request id patterns", "[api][account]") {
  CHECK(matches_pattern("s3", Pattern::kServiceNamespace));
  CHECK(matches_pattern("", Pattern::kServiceNamespace));
  CHECK(matches_pattern("resource-groups", Pattern::kServiceNamespace));
  CHECK_FALSE(matches_pattern("s3:GetObject", Pattern::kServiceNamespace));
  CHECK(matches_pattern("abcdef-0123456789", Pattern::kDelegationRequestId));
  CHECK_FALSE(matches_pattern("", Pattern::kDelegationRequestId));
  CHECK_FALSE(matches_pattern("abc def", Pattern::kDelegationRequestId));
}

TEST_CASE("Organizations entity path and policy id patterns", "[api][account]") {
  CHECK(matches_pattern("o-a1b2c3d4e5/r-f6g7h8i9", Pattern::kOrganizationsEntityPath));
  CHECK(matches_pattern("o-a1b2c3d4e5/r-f6g7/ou-1a2b-3c4d/123456789012",
                        Pattern::kOrganizationsEntityPath));
  CHECK_FALSE(matches_pattern("o-short/r-f6g7", Pattern::kOrganizationsEntityPath));
  CHECK_FALSE(matches_pattern("o-a1b2c3d4e5/x-f6g7", Pattern::kOrganizationsEntityPath));
  CHECK_FALSE(matches_pattern("o-A1B2C3D4E5/r-f6g7", Pattern::kOrganizationsEntityPath));
  CHECK(matches_pattern("p-12345678", Pattern::kOrganizationsPolicyId));
  CHECK(matches_pattern("p-FullAWSAccess_1", Pattern::kOrganizationsPolicyId));
  CHECK_FALSE(matches_pattern("p-1234567", Pattern::kOrganizationsPolicyId));
  CHECK_FALSE(matches_pattern("x-12345678", Pattern::kOrganizationsPolicyId));
}

TEST_CASE("delegation request field patterns", "[api][account]") {
  CHECK(matches_pattern("123456789012", Pattern::kAccountId));
  CHECK_FALSE(matches_pattern("12345678901", Pattern::kAccountId));
  CHECK_FALSE(matches_pattern("12345678901a", Pattern::kAccountId));
  CHECK(matches_pattern("arn:aws:sns:us-east-1:123456789012:topic", Pattern::kNotificationChannel));
  CHECK_FALSE(matches_pattern("bad channel", Pattern::kNotificationChannel));
  CHECK(matches_pattern("https://example.com/path?a=b&c=d#frag", Pattern::kRedirectUrl));
  CHECK(matches_pattern("http://example.com", Pattern::kRedirectUrl));
  CHECK_FALSE(matches_pattern("ftp://example.com", Pattern::kRedirectUrl));
  CHECK_FALSE(matches_pattern("https://example.com/a b", Pattern::kRedirectUrl));
  CHECK(matches_pattern("arn:aws:iam::123456789012:user/alice", Pattern::kOwnerId));
  CHECK_FALSE(matches_pattern("has space", Pattern::kOwnerId));
}
