// ValidatePolicy offline: each check's issue code, type and message, and where it points.
#include "analyzer/policy_validation.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace localiam::analyzer;

namespace {

std::vector<std::string> codes(std::string_view document,
                               ValidatedPolicyType type = ValidatedPolicyType::kIdentity,
                               std::string_view resource_type = {}) {
  std::vector<std::string> out;
  for (const Finding& f : validate_policy(document, type, resource_type))
    out.push_back(f.issue_code);
  return out;
}

std::string statement(std::string body) {
  return R"({"Version":"2012-10-17","Statement":[)" + body + "]}";
}

// The text a finding's first location spans.
std::string spanned(std::string_view document, const Finding& f) {
  const FindingLocation& l = f.locations.front();
  return std::string(document.substr(l.start.offset, l.end.offset - l.start.offset));
}

}  // namespace

TEST_CASE("a well-written policy has no findings", "[analyzer]") {
  CHECK(codes(statement(R"({"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
      "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
      "Condition":{"StringEquals":{"aws:PrincipalTag/team":"a","s3:prefix":"x/"}}})"))
            .size() == 1);  // s3:prefix is not a key of s3:GetObject
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"})"))
            .empty());
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"S3:getobject","Resource":"*"})")).empty());
}

TEST_CASE("the document's own elements", "[analyzer]") {
  CHECK(codes(R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})") ==
        std::vector<std::string>{"MISSING_VERSION"});
  CHECK(codes(R"({"Version":"2012-10-18","Statement":[]})") ==
        std::vector<std::string>{"INVALID_VERSION"});
  CHECK(codes(R"({"Version":"2012-10-17"})") == std::vector<std::string>{"MISSING_STATEMENT"});
  CHECK(codes(R"({"Version":"2012-10-17","Statement":[],"Extra":1})") ==
        std::vector<std::string>{"INVALID_POLICY_ELEMENT"});
  const std::vector<Finding> broken =
      validate_policy("{\n  \"Version\": ", ValidatedPolicyType::kIdentity);
  REQUIRE(broken.size() == 1);
  CHECK(broken[0].issue_code == "JSON_SYNTAX_ERROR");
  CHECK(broken[0].details.starts_with("Fix the JSON syntax error at index "));
}

TEST_CASE("statements' elements", "[analyzer]") {
  CHECK(codes(statement(R"({"Action":"s3:GetObject","Resource":"*"})")) ==
        std::vector<std::string>{"MISSING_EFFECT"});
  CHECK(codes(statement(R"({"Effect":"Permit","Action":"s3:GetObject","Resource":"*"})")) ==
        std::vector<std::string>{"INVALID_EFFECT"});
  CHECK(codes(statement(R"({"Effect":"Allow","Resource":"*"})")) ==
        std::vector<std::string>{"MISSING_ACTION"});
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"s3:GetObject"})")) ==
        std::vector<std::string>{"MISSING_RESOURCE"});
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"})")) ==
      std::vector<std::string>{"UNSUPPORTED_ELEMENT_COMBINATION"});
  CHECK(codes(statement(R"({"Effect":"Allow","Action":[],"Resource":[]})")) ==
        std::vector<std::string>{"EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE"});
  CHECK(codes(statement(
            R"({"Sid":"a b","Effect":"Allow","Action":"s3:GetObject","Resource":"*"})")) ==
        std::vector<std::string>{"UNSUPPORTED_SID"});
  CHECK(codes(statement(R"({"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
                           {"Sid":"A","Effect":"Deny","Action":"s3:PutObject","Resource":"*"})")) ==
        std::vector<std::string>{"UNIQUE_SIDS_RECOMMENDED"});
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
                           {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})")) ==
        std::vector<std::string>{"REDUNDANT_STATEMENT"});
}

TEST_CASE("actions: unknown ones, services and redundancy", "[analyzer]") {
  const std::string doc = statement(
      R"({"Effect":"Allow","Action":["s3:GetObjekt","s3:Get*","s3:GetObject","s3:Nope*","x:Y","s*:List*"],"Resource":"arn:aws:s3:::b/*"})");
  const std::vector<Finding> got = validate_policy(doc, ValidatedPolicyType::kIdentity);
  REQUIRE(got.size() == 5);
  CHECK(got[0].issue_code == "INVALID_ACTION");
  CHECK(got[0].details == "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?");
  CHECK(spanned(doc, got[0]) == "\"s3:GetObjekt\"");
  CHECK(got[0].learn_more ==
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-"
        "checks.html#access-analyzer-reference-policy-checks-error-invalid-action");
  CHECK(got[1].issue_code == "REDUNDANT_ACTION");
  CHECK(spanned(doc, got[1]) == "\"s3:GetObject\"");
  CHECK(got[2].issue_code == "INVALID_ACTION");  // s3:Nope* names nothing
  CHECK(got[3].issue_code == "INVALID_SERVICE_IN_ACTION");
  CHECK(got[4].issue_code == "WILDCARD_IN_SERVICE_NAME");
  CHECK(got[4].type == FindingType::kSuggestion);
}

TEST_CASE("a misspelt action or service gets AWS's 'Did you mean'", "[analyzer]") {
  auto details = [](std::string action) {
    const std::vector<Finding> got = validate_policy(
        statement(R"({"Effect":"Allow","Action":")" + action + R"(","Resource":"*"})"),
        ValidatedPolicyType::kIdentity);
    REQUIRE(got.size() == 1);
    return got[0].details;
  };
  CHECK(details("dynamodb:GetItems") ==
        "The action dynamodb:GetItems does not exist. Did you mean dynamodb:GetItem?");
  CHECK(details("sqs:DeleteMessageBatch") == "The action sqs:DeleteMessageBatch does not exist.");
  CHECK(details("dynamodbb:GetItem") ==
        "The service dynamodbb:GetItem specified in the action does not exist. Did you mean "
        "dynamodb?");
}

TEST_CASE("iam:PassRole and iam:CreateServiceLinkedRole on every resource", "[analyzer]") {
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"iam:PassRole","Resource":"*"})")) ==
        std::vector<std::string>{"PASS_ROLE_WITH_STAR_IN_RESOURCE"});
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"iam:*","Resource":"*"})")) ==
        std::vector<std::string>{"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
                                 "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"});
  CHECK(codes(statement(R"({"Effect":"Allow","NotAction":"s3:*","Resource":"*"})")) ==
        std::vector<std::string>{"PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
                                 "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"});
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/admin"})")) ==
      std::vector<std::string>{"PASS_ROLE_WITH_NOT_RESOURCE"});
  CHECK(codes(statement(R"({"Effect":"Deny","Action":"iam:PassRole","Resource":"*"})")).empty());
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"})"))
          .empty());
}

TEST_CASE("resource ARNs", "[analyzer]") {
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"s3:::b/*"})")) ==
        std::vector<std::string>{"INVALID_ARN_PREFIX"});
  CHECK(codes(statement(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3"})")) ==
        std::vector<std::string>{"MISSING_ARN_FIELD"});
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::12345:user/a"})")) ==
      std::vector<std::string>{"INVALID_ARN_ACCOUNT"});
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b/x"]})")) ==
      std::vector<std::string>{"REDUNDANT_RESOURCE"});
  // Region and account fields by the service's ARN formats.
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam:us-east-1:111122223333:user/a"})")) ==
      std::vector<std::string>{"ARN_REGION_NOT_ALLOWED"});
  CHECK(
      codes(statement(
          R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs::111122223333:q"})")) ==
      std::vector<std::string>{"MISSING_ARN_REGION"});
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:*:111122223333:q"})"))
          .empty());
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k"})"))
          .empty());
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/t"})"))
          .empty());
  CHECK(codes(R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::b/${aws:username}/*"}]})") ==
        std::vector<std::string>{"VARIABLE_UNSUPPORTED_IN_VERSION"});
}

TEST_CASE("conditions", "[analyzer]") {
  auto with_condition = [](std::string condition) {
    return statement(R"({"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":)" +
                     condition + "}");
  };
  CHECK(codes(with_condition(R"({"StringEqualz":{"aws:username":"a"}})")) ==
        std::vector<std::string>{"INVALID_CONDITION_OPERATOR"});
  CHECK(codes(with_condition(R"({"StringEquals":{"aws:usernam":"a"}})")) ==
        std::vector<std::string>{"INVALID_GLOBAL_CONDITION_KEY"});
  CHECK(codes(with_condition(R"({"StringEquals":{"s3:prefixx":"a"}})")) ==
        std::vector<std::string>{"INVALID_SERVICE_CONDITION_KEY"});
  CHECK(codes(with_condition(R"({"StringEquals":{"nosuch:key":"a"}})")) ==
        std::vector<std::string>{"INVALID_SERVICE"});
  CHECK(codes(with_condition(R"({"StringEquals":{"nokey":"a"}})")) ==
        std::vector<std::string>{"INVALID_CONDITION_KEY_FORMAT"});
  CHECK(codes(with_condition(R"({"Bool":{"aws:SecureTransport":"yes"}})")) ==
        std::vector<std::string>{"TYPE_MISMATCH_BOOLEAN"});
  CHECK(codes(with_condition(R"({"NumericLessThan":{"s3:max-keys":"ten"}})")) ==
        std::vector<std::string>{"TYPE_MISMATCH_NUMBER"});
  CHECK(codes(with_condition(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}})")) ==
        std::vector<std::string>{"TYPE_MISMATCH_IP_RANGE"});
  CHECK(codes(with_condition(R"({"StringEquals":{"aws:SourceIp":"10.0.0.1"}})")) ==
        std::vector<std::string>{"TYPE_MISMATCH"});
  CHECK(codes(with_condition(R"({"NullIfExists":{"aws:username":"true"}})")) ==
        std::vector<std::string>{"NULL_WITH_IF_EXISTS"});
  CHECK(codes(with_condition(R"({"ForAllValues:StringEquals":{"aws:username":["a"]}})")) ==
        std::vector<std::string>{"FORALLVALUES_WITH_SINGLE_VALUED_KEY"});
  CHECK(codes(with_condition(R"({"StringEquals":{"aws:TagKeys":"a"}})")) ==
        std::vector<std::string>{"MISSING_QUALIFIER"});
  CHECK(codes(with_condition(R"({"StringEquals":{"aws:username":"a*"}})")) ==
        std::vector<std::string>{"WILDCARD_WITHOUT_LIKE_OPERATOR"});
  CHECK(codes(with_condition(R"({"StringEquals":{"aws:username":[]}})")) ==
        std::vector<std::string>{"EMPTY_ARRAY_CONDITION"});
  CHECK(codes(with_condition("{}")) == std::vector<std::string>{"EMPTY_OBJECT_CONDITION"});
  CHECK(codes(with_condition(R"({"StringEquals":{"s3:prefix":"a/","aws:ResourceTag/team":"x"}})"))
            .empty());
}

TEST_CASE("principals by policy type", "[analyzer]") {
  const std::string with_principal = statement(
      R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})");
  CHECK(codes(with_principal) == std::vector<std::string>{"UNSUPPORTED_PRINCIPAL"});
  CHECK(codes(with_principal, ValidatedPolicyType::kServiceControl) ==
        std::vector<std::string>{"SCP_SYNTAX_ERROR_PRINCIPAL"});
  CHECK(codes(with_principal, ValidatedPolicyType::kResource).empty());
  CHECK(codes(statement(
                  R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})"),
              ValidatedPolicyType::kResource) == std::vector<std::string>{"MISSING_PRINCIPAL"});
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})"),
          ValidatedPolicyType::kResource) == std::vector<std::string>{"ALLOW_WITH_NOT_PRINCIPAL"});
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"})"),
          ValidatedPolicyType::kResource, "AWS::IAM::AssumeRolePolicyDocument") ==
      std::vector<std::string>{"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"});
  CHECK(
      codes(
          statement(
              R"({"Effect":"Allow","Principal":{"Users":"a"},"Action":"s3:GetObject","Resource":"*"})"),
          ValidatedPolicyType::kResource) == std::vector<std::string>{"INVALID_PRINCIPAL_KEY"});
}

TEST_CASE("an identity policy over 6,144 characters", "[analyzer]") {
  std::string actions;
  for (int i = 0; i < 500; ++i) actions += std::string(i ? "," : "") + "\"s3:GetObject\"";
  CHECK(codes(statement(R"({"Effect":"Allow","Action":[)" + actions + R"(],"Resource":"*"})"))
            .front() == "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA");
}
