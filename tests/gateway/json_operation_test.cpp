// The IAM action and resource ARN of awsJson operations (gateway/json_operation): the action is
// the operation's own name as the Service Authorization Reference spells it, the resource the
// Reference's ARN format for the required resource type filled from the body.
#include "gateway/json_operation.hpp"

#include <catch2/catch.hpp>

using localiam::arn::Partition;
using localiam::gateway::json_operation;
using localiam::gateway::json_service_prefix;

namespace {

auto op(std::string_view target, std::string_view body, std::string_view region = "us-east-1",
        Partition partition = Partition::kAws) {
  return json_operation(target, body, partition, region, "123456789012");
}

}  // namespace

TEST_CASE("X-Amz-Target's service names the IAM prefix", "[gateway]") {
  CHECK(json_service_prefix("DynamoDB_20120810") == "dynamodb");
  CHECK(json_service_prefix("secretsmanager") == "secretsmanager");
  CHECK(json_service_prefix("AmazonSSM") == "ssm");
  CHECK(json_service_prefix("TrentService") == "kms");
  CHECK(json_service_prefix("AmazonSQS").empty());
  CHECK_FALSE(op("AmazonSQS.SendMessage", "{}"));
  CHECK_FALSE(op("DynamoDB_20120810", "{}"));
  CHECK_FALSE(op("DynamoDB_20120810.", "{}"));
}

TEST_CASE("DynamoDB: table ARNs from TableName, in the scope's region and partition", "[gateway]") {
  auto get = op("DynamoDB_20120810.GetItem", R"({"TableName":"a","Key":{"k":{"S":"1"}}})");
  REQUIRE(get);
  CHECK(get->mapped);
  CHECK(get->action == "dynamodb:GetItem");
  CHECK(get->resource == "arn:aws:dynamodb:us-east-1:123456789012:table/a");
  CHECK_FALSE(get->resource_unknown);
  auto put =
      op("DynamoDB_20120810.PutItem", R"({"TableName":"b"})", "cn-north-1", Partition::kAwsCn);
  REQUIRE(put);
  CHECK(put->resource == "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/b");
  // A table named by its ARN is that ARN.
  auto arn = op("DynamoDB_20120810.GetItem",
                R"({"TableName":"arn:aws:dynamodb:eu-west-1:111111111111:table/t"})");
  CHECK(arn->resource == "arn:aws:dynamodb:eu-west-1:111111111111:table/t");
  // ListTables has no resource type: "*", and known to be "*".
  auto list = op("DynamoDB_20120810.ListTables", "{}");
  CHECK(list->mapped);
  CHECK(list->resource == "*");
  CHECK_FALSE(list->resource_unknown);
  // No TableName (or a body that is not JSON): the resource is unknown.
  auto missing = op("DynamoDB_20120810.GetItem", "{}");
  CHECK(missing->resource == "*");
  CHECK(missing->resource_unknown);
  CHECK(op("DynamoDB_20120810.GetItem", "not json")->resource_unknown);
}

TEST_CASE("an operation the Reference lacks is not mapped", "[gateway]") {
  auto made_up = op("DynamoDB_20120810.FrobnicateTable", R"({"TableName":"a"})");
  REQUIRE(made_up);
  CHECK_FALSE(made_up->mapped);
  CHECK(made_up->operation == "FrobnicateTable");
  CHECK(made_up->action == "dynamodb:FrobnicateTable");
}

TEST_CASE("Secrets Manager, SSM and KMS resources", "[gateway]") {
  CHECK(op("secretsmanager.GetSecretValue", R"({"SecretId":"db-password"})")->resource ==
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password");
  CHECK(op("secretsmanager.CreateSecret", R"({"Name":"s1","SecretString":"x"})")->resource ==
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:s1");
  const char* secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s1-AbCdEf";
  CHECK(op("secretsmanager.GetSecretValue", std::string(R"({"SecretId":")") + secret_arn + "\"}")
            ->resource == secret_arn);
  // A parameter's ARN has no double slash: the name's leading slash goes.
  CHECK(op("AmazonSSM.GetParameter", R"({"Name":"/app/db/url"})")->resource ==
        "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/url");
  CHECK(op("AmazonSSM.GetParameter", R"({"Name":"plain"})")->resource ==
        "arn:aws:ssm:us-east-1:123456789012:parameter/plain");
  CHECK(op("AmazonSSM.GetParametersByPath", R"({"Path":"/app"})")->resource ==
        "arn:aws:ssm:us-east-1:123456789012:parameter/app");
  auto encrypt = op("TrentService.Encrypt", R"({"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"})");
  CHECK(encrypt->action == "kms:Encrypt");
  CHECK(encrypt->resource ==
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  // An alias names no key: unknown.
  CHECK(op("TrentService.Encrypt", R"({"KeyId":"alias/app"})")->resource_unknown);
  CHECK(op("TrentService.CreateKey", "{}")->resource == "*");
}
