// The condition keys a forwarded request carries (gateway/request_conditions): read from the
// request as AWS does, and only those the Service Authorization Reference lists for the action.
#include "gateway/request_conditions.hpp"

#include <catch2/catch.hpp>

using namespace localiam;
using namespace localiam::gateway;

namespace {

constexpr const char* kTable = "arn:aws:dynamodb:us-east-1:000000000000:table/scores";

policy::ContextKeys keys_of(std::string_view service, std::string_view operation, std::string body,
                            std::string_view resource = kTable, std::string_view hash_key = "pk",
                            std::string target = "/", HeaderList headers = {}) {
  const std::string action = std::string(service) + ":" + std::string(operation);
  HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.body = std::move(body);
  request.headers = std::move(headers);
  policy::ContextKeys out;
  add_request_conditions({service, operation, action, resource}, request, hash_key, out);
  return out;
}

using Values = std::vector<std::string>;

Values values(const policy::ContextKeys& keys, std::string_view key) {
  const Values* v = keys.find(key);
  return v ? *v : Values{};
}

}  // namespace

TEST_CASE("dynamodb:LeadingKeys from Key, Item and KeyConditionExpression", "[gateway]") {
  auto keys = keys_of("dynamodb", "GetItem",
                      R"({"TableName":"scores","Key":{"pk":{"S":"alice"},"sk":{"S":"1"}}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"alice"});
  keys = keys_of("dynamodb", "PutItem",
                 R"({"TableName":"scores","Item":{"pk":{"N":"42"},"v":{"S":"x"}}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"42"});
  CHECK(values(keys, "dynamodb:Attributes") == Values{"pk", "v"});
  keys = keys_of(
      "dynamodb", "Query",
      R"({"TableName":"scores","KeyConditionExpression":"#p = :who AND sk > :s",)"
      R"("ExpressionAttributeNames":{"#p":"pk"},)"
      R"("ExpressionAttributeValues":{":who":{"S":"bob"},":s":{"S":"0"}},)"
      R"("Select":"SPECIFIC_ATTRIBUTES","ProjectionExpression":"#p, score.best, tags[0]"})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"bob"});
  CHECK(values(keys, "dynamodb:Select") == Values{"SPECIFIC_ATTRIBUTES"});
  CHECK(values(keys, "dynamodb:Attributes") == Values{"pk", "score", "tags"});
  // The value on the left, the name without a placeholder.
  keys = keys_of(
      "dynamodb", "Query",
      R"({"KeyConditionExpression":":v = pk","ExpressionAttributeValues":{":v":{"S":"c"}}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"c"});
  // The sort key's equality is not a leading key.
  keys = keys_of(
      "dynamodb", "Query",
      R"({"KeyConditionExpression":"sk = :v","ExpressionAttributeValues":{":v":{"S":"c"}}})");
  CHECK_FALSE(keys.find("dynamodb:LeadingKeys"));
  keys = keys_of(
      "dynamodb", "Query",
      R"({"KeyConditions":{"pk":{"AttributeValueList":[{"S":"d"}],"ComparisonOperator":"EQ"}}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"d"});
  // Without the table's key schema there is no LeadingKeys.
  keys = keys_of("dynamodb", "GetItem", R"({"Key":{"pk":{"S":"alice"}}})", kTable, "");
  CHECK_FALSE(keys.find("dynamodb:LeadingKeys"));
}

TEST_CASE("a batch's leading keys are this table's items'", "[gateway]") {
  auto keys = keys_of("dynamodb", "BatchWriteItem",
                      R"({"RequestItems":{"scores":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},)"
                      R"({"DeleteRequest":{"Key":{"pk":{"S":"b"}}}}],)"
                      R"("other":[{"PutRequest":{"Item":{"pk":{"S":"z"}}}}]}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"a", "b"});
  keys = keys_of("dynamodb", "BatchGetItem",
                 R"({"RequestItems":{"scores":{"Keys":[{"pk":{"S":"a"}},{"pk":{"S":"c"}}]}}})");
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"a", "c"});
}

TEST_CASE("UpdateItem: the attributes an update expression names", "[gateway]") {
  auto keys = keys_of("dynamodb", "UpdateItem",
                      R"({"Key":{"pk":{"S":"a"}},"UpdateExpression":)"
                      R"("SET #n = if_not_exists(#n, :z) + :one, stats.wins = :w REMOVE old",)"
                      R"("ExpressionAttributeNames":{"#n":"count"},"ReturnValues":"ALL_NEW"})");
  CHECK(values(keys, "dynamodb:Attributes") == Values{"count", "stats", "old"});
  CHECK(values(keys, "dynamodb:ReturnValues") == Values{"ALL_NEW"});
  CHECK(values(keys, "dynamodb:LeadingKeys") == Values{"a"});
}

TEST_CASE("KMS encryption context and algorithm", "[gateway]") {
  const char* key = "arn:aws:kms:us-east-1:000000000000:key/k";
  auto keys = keys_of("kms", "Encrypt",
                      R"({"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"purpose":"test",)"
                      R"("Team":"blue"},"EncryptionAlgorithm":"SYMMETRIC_DEFAULT"})",
                      key);
  CHECK(values(keys, "kms:EncryptionContext:purpose") == Values{"test"});
  CHECK(values(keys, "kms:EncryptionContext:Team") == Values{"blue"});
  CHECK(values(keys, "kms:EncryptionContextKeys") == Values{"purpose", "Team"});
  CHECK(values(keys, "kms:EncryptionAlgorithm") == Values{"SYMMETRIC_DEFAULT"});
  // CreateKey lists no encryption context key.
  keys =
      keys_of("kms", "CreateKey", R"({"EncryptionContext":{"a":"b"},"KeySpec":"RSA_2048"})", "*");
  CHECK_FALSE(keys.find("kms:EncryptionContext:a"));
  CHECK(values(keys, "kms:KeySpec") == Values{"RSA_2048"});
}

TEST_CASE("Secrets Manager's SecretId", "[gateway]") {
  auto keys = keys_of("secretsmanager", "GetSecretValue",
                      R"({"SecretId":"app/db","VersionStage":"AWSCURRENT"})",
                      "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db");
  CHECK(values(keys, "secretsmanager:SecretId") == Values{"app/db"});
  CHECK(values(keys, "secretsmanager:VersionStage") == Values{"AWSCURRENT"});
  CHECK_FALSE(keys.find("secretsmanager:Name"));  // not listed for GetSecretValue
}

TEST_CASE("request tags and tag keys of create and tag calls", "[gateway]") {
  auto keys = keys_of(
      "dynamodb", "CreateTable",
      R"({"TableName":"t","Tags":[{"Key":"env","Value":"dev"},{"Key":"team","Value":"x"}]})");
  CHECK(values(keys, "aws:RequestTag/env") == Values{"dev"});
  CHECK(values(keys, "aws:TagKeys") == Values{"env", "team"});
  keys = keys_of("kms", "TagResource", R"({"KeyId":"k","Tags":[{"TagKey":"a","TagValue":"1"}]})",
                 "arn:aws:kms:us-east-1:000000000000:key/k");
  CHECK(values(keys, "aws:RequestTag/a") == Values{"1"});
  keys = keys_of("dynamodb", "UntagResource", R"({"ResourceArn":"x","TagKeys":["env"]})");
  CHECK(values(keys, "aws:TagKeys") == Values{"env"});
  // GetItem lists neither.
  keys = keys_of("dynamodb", "GetItem", R"({"Tags":[{"Key":"env","Value":"dev"}]})");
  CHECK(keys.empty());
}

TEST_CASE("S3: prefix, delimiter and max-keys from the query; x-amz headers", "[gateway]") {
  auto keys = keys_of("s3", "ListBucket", "", "arn:aws:s3:::b", "",
                      "/b?list-type=2&prefix=home%2Falice%2F&delimiter=%2F&max-keys=10",
                      {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  CHECK(values(keys, "s3:prefix") == Values{"home/alice/"});
  CHECK(values(keys, "s3:delimiter") == Values{"/"});
  CHECK(values(keys, "s3:max-keys") == Values{"10"});
  CHECK(values(keys, "s3:x-amz-content-sha256") == Values{"UNSIGNED-PAYLOAD"});
  CHECK(values(keys, "s3:authType") == Values{"REST-HEADER"});
  keys = keys_of("s3", "PutObject", "body", "arn:aws:s3:::b/k", "", "/b/k",
                 {{"x-amz-acl", "public-read"},
                  {"X-Amz-Object-Lock-Mode", "GOVERNANCE"},
                  {"x-amz-tagging", "team=blue&env=dev"}});
  CHECK(values(keys, "s3:x-amz-acl") == Values{"public-read"});
  CHECK(values(keys, "s3:object-lock-mode") == Values{"GOVERNANCE"});
  CHECK(values(keys, "s3:RequestObjectTag/team") == Values{"blue"});
  CHECK(values(keys, "s3:RequestObjectTagKeys") == Values{"team", "env"});
  CHECK_FALSE(keys.find("s3:prefix"));
}

TEST_CASE("resource tags only where the Reference lists aws:ResourceTag", "[gateway]") {
  const std::string get = "dynamodb:GetItem";
  policy::ContextKeys keys;
  add_resource_tags({"dynamodb", "GetItem", get, kTable}, {{"env", "dev"}}, keys);
  CHECK(values(keys, "aws:ResourceTag/env") == Values{"dev"});
  CHECK(key_listed("kms:Encrypt", "kms:EncryptionContext:anything"));
  CHECK_FALSE(key_listed("kms:Encrypt", "kms:EncryptionContext:"));
  CHECK_FALSE(key_listed("dynamodb:ListTables", "dynamodb:LeadingKeys"));
  CHECK_FALSE(key_listed("nosuch:Action", "aws:ResourceTag/env"));
}

TEST_CASE("Secrets Manager and SSM resource tags under their own keys too", "[gateway]") {
  const std::string secret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db";
  policy::ContextKeys keys;
  add_resource_tags({"secretsmanager", "GetSecretValue", "secretsmanager:GetSecretValue", secret},
                    {{"team", "blue"}}, keys);
  CHECK(values(keys, "aws:ResourceTag/team") == Values{"blue"});
  CHECK(values(keys, "secretsmanager:ResourceTag/team") == Values{"blue"});
  const std::string parameter = "arn:aws:ssm:us-east-1:000000000000:parameter/app/url";
  policy::ContextKeys ssm;
  add_resource_tags({"ssm", "GetParameter", "ssm:GetParameter", parameter}, {{"team", "red"}}, ssm);
  CHECK(values(ssm, "ssm:resourceTag/team") == Values{"red"});
  // Not a key of another service.
  policy::ContextKeys table;
  add_resource_tags({"dynamodb", "GetItem", "dynamodb:GetItem", kTable}, {{"team", "x"}}, table);
  CHECK_FALSE(table.find("secretsmanager:ResourceTag/team"));
}
