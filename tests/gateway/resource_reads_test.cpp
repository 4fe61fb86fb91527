// The reads of resource policies, tags and key schemas the gateway sends its upstream
// (gateway/resource_reads): each service's request as its protocol wants it, and its answer read
// as a policy, "none", or a failure that leaves the decision without it.
#include "gateway/resource_reads.hpp"

#include <catch2/catch.hpp>

using namespace localiam::gateway;

namespace {

constexpr const char* kHost = "127.0.0.1:4566";
constexpr const char* kPolicy = R"({"Version":"2012-10-17","Statement":[]})";

std::string header(const UpstreamRead& r, const char* name) {
  const std::string* v = r.request.header(name);
  return v ? *v : "";
}

}  // namespace

TEST_CASE("S3 bucket policies: GET /bucket?policy, the body is the policy", "[gateway]") {
  auto r = policy_read("s3", "arn:aws:s3:::bucket-a/some/key", "eu-west-1", kHost);
  REQUIRE(r);
  CHECK(r->request.method == "GET");
  CHECK(r->request.target == "/bucket-a?policy");
  CHECK(r->service == "s3");
  CHECK(r->region == "eu-west-1");  // bucket ARNs name no region: the request's
  CHECK_FALSE(header(*r, "x-amz-content-sha256").empty());
  PolicyAnswer got = read_policy_answer("s3", 200, kPolicy);
  CHECK(got.answered);
  CHECK(got.document == std::string(kPolicy));
  got = read_policy_answer("s3", 404,
                           "<?xml version=\"1.0\"?><Error><Code>NoSuchBucketPolicy</Code></Error>");
  CHECK(got.answered);
  CHECK_FALSE(got.document);
  got = read_policy_answer("s3", 500, "<Error><Code>InternalError</Code></Error>");
  CHECK_FALSE(got.answered);
  CHECK(got.failure == "HTTP 500 InternalError");
}

TEST_CASE("SQS queue policies: GetQueueAttributes Policy on the queue's URL", "[gateway]") {
  auto r = policy_read("sqs", "arn:aws:sqs:us-east-1:000000000000:q1", "us-west-2", kHost);
  REQUIRE(r);
  CHECK(header(*r, "X-Amz-Target") == "AmazonSQS.GetQueueAttributes");
  CHECK(r->region == "us-east-1");
  CHECK(r->request.body ==
        R"({"QueueUrl":"http://127.0.0.1:4566/000000000000/q1","AttributeNames":["Policy"]})");
  PolicyAnswer got = read_policy_answer(
      "sqs", 200, R"({"Attributes":{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[]}"}})");
  CHECK(got.document == std::string(kPolicy));
  got = read_policy_answer("sqs", 200, R"({"Attributes":{}})");
  CHECK(got.answered);
  CHECK_FALSE(got.document);
  got = read_policy_answer("sqs", 400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist"})");
  CHECK(got.answered);
}

TEST_CASE("SNS topic policies: GetTopicAttributes in the Query protocol, XML answer", "[gateway]") {
  auto r = policy_read("sns", "arn:aws:sns:us-east-1:000000000000:t", "us-east-1", kHost);
  REQUIRE(r);
  CHECK(r->request.body ==
        "Action=GetTopicAttributes&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%"
        "3A000000000000%3At");
  const std::string xml =
      "<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes>"
      "<entry><key>Owner</key><value>000000000000</value></entry>"
      "<entry><key>Policy</key><value>{&quot;Version&quot;:&quot;2012-10-17&quot;,"
      "&quot;Statement&quot;:[]}</value></entry>"
      "</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>";
  CHECK(read_policy_answer("sns", 200, xml).document == std::string(kPolicy));
}

TEST_CASE("KMS, Lambda, Secrets Manager and DynamoDB policies", "[gateway]") {
  auto kms = policy_read("kms", "arn:aws:kms:us-east-1:000000000000:key/k1", "", kHost);
  REQUIRE(kms);
  CHECK(kms->request.body ==
        R"({"KeyId":"arn:aws:kms:us-east-1:000000000000:key/k1","PolicyName":"default"})");
  CHECK_FALSE(policy_read("kms", "arn:aws:kms:us-east-1:000000000000:alias/a", "", kHost));
  auto lambda =
      policy_read("lambda", "arn:aws:lambda:us-east-1:000000000000:function:f:live", "", kHost);
  REQUIRE(lambda);
  CHECK(lambda->request.target == "/2015-03-31/functions/f/policy?Qualifier=live");
  CHECK(read_policy_answer("lambda", 404,
                           R"({"Type":"User","Message":"x","code":"ResourceNotFoundException"})")
            .answered);
  auto secret = policy_read("secretsmanager",
                            "arn:aws:secretsmanager:us-east-1:000000000000:secret:db", "", kHost);
  REQUIRE(secret);
  CHECK(header(*secret, "X-Amz-Target") == "secretsmanager.GetResourcePolicy");
  CHECK_FALSE(read_policy_answer("secretsmanager", 200, R"({"ARN":"a","Name":"db"})").document);
  auto table =
      policy_read("dynamodb", "arn:aws:dynamodb:us-east-1:000000000000:table/t/index/i", "", kHost);
  REQUIRE(table);
  CHECK(table->request.body ==
        R"({"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/t"})");
  PolicyAnswer none = read_policy_answer(
      "dynamodb", 400, R"({"__type":"com.amazonaws.dynamodb.v20120810#PolicyNotFoundException"})");
  CHECK(none.answered);
  CHECK_FALSE(none.document);
  CHECK_FALSE(policy_read("ssm", "arn:aws:ssm:us-east-1:000000000000:parameter/p", "", kHost));
  CHECK_FALSE(policy_read("kms", "*", "", kHost));
}

TEST_CASE("tags in each service's shape", "[gateway]") {
  const Tags env{{"env", "dev"}};
  CHECK(read_tags_answer("dynamodb", 200, R"({"Tags":[{"Key":"env","Value":"dev"}]})") == env);
  CHECK(read_tags_answer("kms", 200, R"({"Tags":[{"TagKey":"env","TagValue":"dev"}]})") == env);
  CHECK(read_tags_answer("lambda", 200, R"({"Tags":{"env":"dev"}})") == env);
  CHECK(read_tags_answer("ssm", 200, R"({"TagList":[{"Key":"env","Value":"dev"}]})") == env);
  CHECK(read_tags_answer("s3", 200,
                         "<Tagging><TagSet><Tag><Key>env</Key><Value>dev</Value></Tag></TagSet>"
                         "</Tagging>") == env);
  CHECK(read_tags_answer("s3", 404, "<Error><Code>NoSuchTagSet</Code></Error>") == Tags{});
  CHECK_FALSE(read_tags_answer("dynamodb", 500, "oops"));
  auto ssm = tags_read("ssm", "arn:aws:ssm:us-east-1:000000000000:parameter/app/db", "", kHost);
  REQUIRE(ssm);
  CHECK(ssm->request.body == R"({"ResourceType":"Parameter","ResourceId":"/app/db"})");
  CHECK_FALSE(tags_read("s3", "arn:aws:s3:::b/object", "us-east-1", kHost));
  REQUIRE(tags_read("s3", "arn:aws:s3:::b", "us-east-1", kHost));
}

TEST_CASE("a table's partition key from DescribeTable", "[gateway]") {
  auto r = key_schema_read("arn:aws:dynamodb:us-east-1:000000000000:table/t");
  REQUIRE(r);
  CHECK(r->request.body == R"({"TableName":"t"})");
  CHECK(read_hash_key(200, R"({"Table":{"KeySchema":[{"AttributeName":"sk","KeyType":"RANGE"},)"
                           R"({"AttributeName":"pk","KeyType":"HASH"}]}})") == "pk");
  CHECK_FALSE(read_hash_key(400, "{}"));
}

TEST_CASE("a KMS alias's key from DescribeKey", "[gateway]") {
  auto r = alias_read("alias/app", "eu-west-1");
  REQUIRE(r);
  CHECK(r->request.body == R"({"KeyId":"alias/app"})");
  CHECK(r->region == "eu-west-1");
  REQUIRE(alias_read("arn:aws:kms:us-east-1:000000000000:alias/app", "eu-west-1"));
  CHECK_FALSE(alias_read("1234abcd-12ab-34cd-56ef-1234567890ab", "us-east-1"));
  CHECK(
      read_key_arn(200, R"({"KeyMetadata":{"KeyId":"k","Arn":"arn:aws:kms:us-east-1:0:key/k"}})") ==
      "arn:aws:kms:us-east-1:0:key/k");
  CHECK_FALSE(read_key_arn(400, R"({"__type":"NotFoundException"})"));
}

TEST_CASE("policies and tags are held by the bucket or the table", "[gateway]") {
  CHECK(policy_holder("s3", "arn:aws:s3:::b/dir/k") == "arn:aws:s3:::b");
  CHECK(policy_holder("s3", "arn:aws:s3:::b") == "arn:aws:s3:::b");
  CHECK(policy_holder("dynamodb", "arn:aws:dynamodb:us-east-1:0:table/t/index/i") ==
        "arn:aws:dynamodb:us-east-1:0:table/t");
  CHECK(policy_holder("kms", "arn:aws:kms:us-east-1:0:key/k") == "arn:aws:kms:us-east-1:0:key/k");
}
