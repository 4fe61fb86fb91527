// CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess by evaluation: a FAIL names
// the statement; a PASS when no request the statements grant is new, listed or public.
#include "analyzer/access_checks.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace localiam::analyzer;

namespace {

std::string policy(std::string statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

bool no_new_access(std::string changed, std::string existing,
                   AccessPolicyType type = AccessPolicyType::kIdentity) {
  auto result = check_no_new_access(policy(changed), policy(existing), type);
  REQUIRE(result.ok());
  return result->pass;
}

}  // namespace

TEST_CASE("new access: actions, resources, conditions, denials", "[analyzer]") {
  const std::string gets =
      R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})";
  CHECK(no_new_access(gets, gets));
  CHECK(no_new_access(gets, R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})"));
  CHECK_FALSE(no_new_access(
      R"({"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"})", gets));
  CHECK_FALSE(no_new_access(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})", gets));
  CHECK(no_new_access(
      R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/x/*"})", gets));
  // A NotAction grants every action but those named.
  CHECK_FALSE(no_new_access(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})",
                            R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})"));
  // A condition the existing policy has and the new one drops.
  const std::string tagged =
      R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}})";
  CHECK_FALSE(no_new_access(gets, tagged));
  CHECK(no_new_access(tagged, gets));
  // A deny in the existing policy that the new one lacks.
  CHECK_FALSE(no_new_access(
      R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"})",
      R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"})"));
  auto result = check_no_new_access(
      policy(
          gets +
          R"(,{"Sid":"More","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"})"),
      policy(gets), AccessPolicyType::kIdentity);
  REQUIRE(result.ok());
  REQUIRE(result->reasons.size() == 1);
  CHECK(result->reasons[0].statement_index == 1u);
  CHECK(result->reasons[0].statement_id == "More");
  CHECK(result->reasons[0].description == "New access in the statement with index: 1.");
}

TEST_CASE("new access for resource policies follows the principals", "[analyzer]") {
  const std::string one =
      R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"sqs:SendMessage","Resource":"*"})";
  const std::string account =
      R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage","Resource":"*"})";
  CHECK(no_new_access(one, account, AccessPolicyType::kResource));
  CHECK_FALSE(no_new_access(account, one, AccessPolicyType::kResource));
  CHECK_FALSE(no_new_access(
      R"({"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"})", account,
      AccessPolicyType::kResource));
}

TEST_CASE("access not granted", "[analyzer]") {
  const std::string reads =
      policy(R"({"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"},
      {"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"})");
  auto check = [&](AccessToCheck access) {
    auto r = check_access_not_granted(reads, {std::move(access)}, AccessPolicyType::kIdentity);
    REQUIRE(r.ok());
    return r->pass;
  };
  CHECK(check({{"s3:PutObject"}, {}}));
  CHECK_FALSE(check({{"s3:GetObject"}, {}}));
  CHECK(check({{"s3:GetObjectAcl"}, {}}));  // denied
  CHECK(check({{"s3:GetObject"}, {"arn:aws:s3:::other/x"}}));
  CHECK_FALSE(check({{}, {"arn:aws:s3:::b/report.csv"}}));
}

TEST_CASE("public access", "[analyzer]") {
  auto check = [](std::string statements) {
    auto r = check_no_public_access(policy(statements), "AWS::SQS::Queue");
    REQUIRE(r.ok());
    return r->pass;
  };
  CHECK_FALSE(check(R"({"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"})"));
  CHECK_FALSE(
      check(R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:*","Resource":"*"})"));
  CHECK(check(R"({"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*",
      "Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}})"));
  CHECK_FALSE(check(R"({"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*",
      "Condition":{"StringNotEquals":{"aws:SourceAccount":"111122223333"}}})"));
  CHECK(check(R"({"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"})"));
  CHECK(check(
      R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sqs:*","Resource":"*"})"));
}

TEST_CASE("a document that is not a policy names the parameter", "[analyzer]") {
  auto r = check_no_new_access("{", policy(""), AccessPolicyType::kIdentity);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "InvalidParameterException");
  CHECK(r.error().message.starts_with("The newPolicyDocument is not a valid policy"));
}
