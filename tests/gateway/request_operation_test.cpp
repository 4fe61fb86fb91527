// The operation a forwarded request asks for and the (action, resource) pairs IAM decides
// (gateway/request_operation): awsJson by X-Amz-Target, Query by Action, rest-xml (S3, path and
// virtual-host style) and rest-json (Lambda) by method and path against the catalogue's templates.
#include "gateway/request_operation.hpp"

#include <catch2/catch.hpp>

using localiam::HttpRequest;
using localiam::arn::Partition;
using localiam::gateway::ActionResource;
using localiam::gateway::request_operation;
using localiam::gateway::RequestOperation;

namespace {

HttpRequest make(std::string method, std::string target, std::string body = "",
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.headers.emplace_back("Host", "localhost:4566");
  for (auto& h : headers) r.headers.push_back(std::move(h));
  return r;
}

RequestOperation op(const HttpRequest& r, std::string_view service,
                    std::string_view region = "us-east-1", Partition partition = Partition::kAws) {
  return request_operation(r, {service, region, partition, "123456789012"});
}

RequestOperation json(std::string_view target, std::string body, std::string_view service,
                      std::string_view region = "us-east-1",
                      Partition partition = Partition::kAws) {
  return op(make("POST", "/", std::move(body), {{"X-Amz-Target", std::string(target)}}), service,
            region, partition);
}

// The one pair of a single-action operation.
ActionResource one(const RequestOperation& o) {
  REQUIRE(o.mapped);
  REQUIRE(o.needs.size() == 1);
  return o.needs[0];
}

}  // namespace

TEST_CASE("DynamoDB: table ARNs from TableName, in the scope's region and partition", "[gateway]") {
  auto get = one(
      json("DynamoDB_20120810.GetItem", R"({"TableName":"a","Key":{"k":{"S":"1"}}})", "dynamodb"));
  CHECK(get.action == "dynamodb:GetItem");
  CHECK(get.resource == "arn:aws:dynamodb:us-east-1:123456789012:table/a");
  CHECK_FALSE(get.resource_unknown);
  CHECK(one(json("DynamoDB_20120810.PutItem", R"({"TableName":"b"})", "dynamodb", "cn-north-1",
                 Partition::kAwsCn))
            .resource == "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/b");
  CHECK(one(json("DynamoDB_20120810.GetItem",
                 R"({"TableName":"arn:aws:dynamodb:eu-west-1:111111111111:table/t"})", "dynamodb"))
            .resource == "arn:aws:dynamodb:eu-west-1:111111111111:table/t");
  auto list = one(json("DynamoDB_20120810.ListTables", "{}", "dynamodb"));
  CHECK(list.resource == "*");
  CHECK_FALSE(list.resource_unknown);
  CHECK(one(json("DynamoDB_20120810.GetItem", "{}", "dynamodb")).resource_unknown);
  CHECK(one(json("DynamoDB_20120810.GetItem", "not json", "dynamodb")).resource_unknown);
}

TEST_CASE("DynamoDB batches: one pair per table the body names", "[gateway]") {
  auto batch = json("DynamoDB_20120810.BatchWriteItem",
                    R"({"RequestItems":{"t1":[{"PutRequest":{}}],"t2":[]}})", "dynamodb");
  REQUIRE(batch.needs.size() == 2);
  CHECK(batch.needs[0].action == "dynamodb:BatchWriteItem");
  CHECK(batch.needs[0].resource == "arn:aws:dynamodb:us-east-1:123456789012:table/t1");
  CHECK(batch.needs[1].resource == "arn:aws:dynamodb:us-east-1:123456789012:table/t2");
  auto get = json("DynamoDB_20120810.BatchGetItem", R"({"RequestItems":{"g":{}}})", "dynamodb");
  CHECK(one(get).action == "dynamodb:BatchGetItem");
  auto transact = json("DynamoDB_20120810.TransactWriteItems",
                       R"({"TransactItems":[{"Put":{"TableName":"p"}},{"Delete":{"TableName":"d"}},
                           {"Put":{"TableName":"p2"}}]})",
                       "dynamodb");
  REQUIRE(transact.needs.size() == 3);
  CHECK(transact.needs[0].action == "dynamodb:PutItem");
  CHECK(transact.needs[1].resource == "arn:aws:dynamodb:us-east-1:123456789012:table/p2");
  CHECK(transact.needs[2].action == "dynamodb:DeleteItem");
  // A batch naming no table: unknown, not allowed for nothing.
  CHECK(one(json("DynamoDB_20120810.BatchWriteItem", "{}", "dynamodb")).resource_unknown);
}

TEST_CASE("operations the catalogue lacks are not mapped, naming themselves", "[gateway]") {
  auto made_up = json("DynamoDB_20120810.FrobnicateTable", R"({"TableName":"a"})", "dynamodb");
  CHECK_FALSE(made_up.mapped);
  CHECK(made_up.operation == "FrobnicateTable");
  CHECK(made_up.needs.empty());
  CHECK_FALSE(json("DynamoDB_20120810.ExecuteStatement", "{}", "dynamodb").mapped);
  CHECK_FALSE(op(make("GET", "/nope"), "lambda").mapped);
  CHECK_FALSE(op(make("GET", "/"), "ec2").mapped);
}

TEST_CASE("Secrets Manager, SSM and KMS resources", "[gateway]") {
  CHECK(one(json("secretsmanager.GetSecretValue", R"({"SecretId":"db"})", "secretsmanager"))
            .resource == "arn:aws:secretsmanager:us-east-1:123456789012:secret:db");
  CHECK(one(json("secretsmanager.CreateSecret", R"({"Name":"s1"})", "secretsmanager")).resource ==
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:s1");
  CHECK(one(json("AmazonSSM.GetParameter", R"({"Name":"/app/db/url"})", "ssm")).resource ==
        "arn:aws:ssm:us-east-1:123456789012:parameter/app/db/url");
  CHECK(one(json("AmazonSSM.GetParametersByPath", R"({"Path":"/app"})", "ssm")).resource ==
        "arn:aws:ssm:us-east-1:123456789012:parameter/app");
  auto several = json("AmazonSSM.GetParameters", R"({"Names":["/a","b"]})", "ssm");
  REQUIRE(several.needs.size() == 2);
  CHECK(several.needs[1].resource == "arn:aws:ssm:us-east-1:123456789012:parameter/b");
  auto encrypt = one(json("TrentService.Encrypt", R"({"KeyId":"1234abcd"})", "kms"));
  CHECK(encrypt.action == "kms:Encrypt");
  CHECK(encrypt.resource == "arn:aws:kms:us-east-1:123456789012:key/1234abcd");
  CHECK(one(json("TrentService.Encrypt", R"({"KeyId":"alias/app"})", "kms")).resource_unknown);
  CHECK(one(json("TrentService.CreateKey", "{}", "kms")).resource == "*");
}

TEST_CASE("SQS: JSON and Query, the queue from QueueUrl", "[gateway]") {
  auto sent =
      one(json("AmazonSQS.SendMessage",
               R"({"QueueUrl":"http://localhost:4566/123456789012/q1","MessageBody":"x"})", "sqs"));
  CHECK(sent.action == "sqs:SendMessage");
  CHECK(sent.resource == "arn:aws:sqs:us-east-1:123456789012:q1");
  auto query = op(make("POST", "/",
                       "Action=SendMessage&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F123456789012"
                       "%2Fq2&MessageBody=hi&Version=2012-11-05",
                       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}),
                  "sqs");
  CHECK(query.operation == "SendMessage");
  CHECK(one(query).resource == "arn:aws:sqs:us-east-1:123456789012:q2");
  // The action in the query string, the queue by name.
  CHECK(one(op(make("GET", "/?Action=GetQueueUrl&QueueName=q3"), "sqs")).resource ==
        "arn:aws:sqs:us-east-1:123456789012:q3");
  CHECK(one(json("AmazonSQS.SendMessageBatch", R"({"QueueUrl":"http://h/1/q4"})", "sqs")).action ==
        "sqs:SendMessage");
  CHECK(one(json("AmazonSQS.ListQueues", "{}", "sqs")).resource == "*");
  // Another account's queue is that account's resource.
  CHECK(one(json("AmazonSQS.SendMessage",
                 R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/111111111111/q5"})", "sqs"))
            .resource == "arn:aws:sqs:us-east-1:111111111111:q5");
}

TEST_CASE("SNS: Publish on the TopicArn", "[gateway]") {
  auto published = op(make("POST", "/",
                           "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At"
                           "&Message=hi",
                           {{"Content-Type", "application/x-www-form-urlencoded"}}),
                      "sns");
  CHECK(one(published).action == "sns:Publish");
  CHECK(one(published).resource == "arn:aws:sns:us-east-1:123456789012:t");
  CHECK(one(op(make("POST", "/", "Action=CreateTopic&Name=t2",
                    {{"Content-Type", "application/x-www-form-urlencoded"}}),
               "sns"))
            .resource == "arn:aws:sns:us-east-1:123456789012:t2");
}

TEST_CASE("S3 path style: the template that fits best", "[gateway]") {
  auto get = op(make("GET", "/bucket-a/dir/file.txt"), "s3");
  CHECK(get.operation == "GetObject");
  CHECK(one(get).action == "s3:GetObject");
  CHECK(one(get).resource == "arn:aws:s3:::bucket-a/dir/file.txt");
  CHECK(one(op(make("HEAD", "/bucket-a/k"), "s3")).action == "s3:GetObject");
  auto list = op(make("GET", "/bucket-a?list-type=2&prefix=dir%2F"), "s3");
  CHECK(list.operation == "ListObjectsV2");
  CHECK(one(list).action == "s3:ListBucket");
  CHECK(one(list).resource == "arn:aws:s3:::bucket-a");
  CHECK(op(make("GET", "/bucket-a"), "s3").operation == "ListObjects");
  CHECK(op(make("GET", "/bucket-a/"), "s3").operation == "ListObjects");
  CHECK(one(op(make("GET", "/"), "s3")).action == "s3:ListAllMyBuckets");
  // x-id, when sent, must be the operation's.
  CHECK(op(make("GET", "/?x-id=ListDirectoryBuckets"), "s3").operation == "ListDirectoryBuckets");
  CHECK(one(op(make("GET", "/b?policy"), "s3")).action == "s3:GetBucketPolicy");
  CHECK(one(op(make("GET", "/b?uploads"), "s3")).action == "s3:ListBucketMultipartUploads");
  CHECK(one(op(make("PUT", "/b?tagging"), "s3")).action == "s3:PutBucketTagging");
  CHECK(op(make("GET", "/b/k?tagging"), "s3").operation == "GetObjectTagging");
  CHECK(op(make("POST", "/b/k?uploads"), "s3").operation == "CreateMultipartUpload");
  auto part = op(make("PUT", "/b/k?partNumber=1&uploadId=u"), "s3");
  CHECK(part.operation == "UploadPart");
  CHECK(one(part).action == "s3:PutObject");
  // A key is percent-decoded.
  CHECK(one(op(make("PUT", "/b/a%20b%2Bc"), "s3")).resource == "arn:aws:s3:::b/a b+c");
}

TEST_CASE("S3 DeleteObjects: one pair per key the body lists", "[gateway]") {
  auto deleted = op(make("POST", "/b?delete",
                         "<Delete><Object><Key>a/1</Key></Object><Object><Key>x&amp;y</Key>"
                         "<VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>"),
                    "s3");
  CHECK(deleted.operation == "DeleteObjects");
  REQUIRE(deleted.needs.size() == 2);
  CHECK(deleted.needs[0].action == "s3:DeleteObject");
  CHECK(deleted.needs[0].resource == "arn:aws:s3:::b/a/1");
  CHECK(deleted.needs[1].resource == "arn:aws:s3:::b/x&y");
  // No key listed: unknown.
  CHECK(one(op(make("POST", "/b?delete", "<Delete/>"), "s3")).resource_unknown);
}

TEST_CASE("S3: a presigned URL's query is not a marker", "[gateway]") {
  auto presigned =
      op(make("GET",
              "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1"
              "%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&"
              "X-Amz-SignedHeaders=host&X-Amz-Signature=abc&x-id=GetObject"),
         "s3");
  CHECK(presigned.operation == "GetObject");
  CHECK(one(presigned).resource == "arn:aws:s3:::b/k");
}

TEST_CASE("S3 virtual-host style: the bucket from Host", "[gateway]") {
  auto at = [](std::string method, std::string target, std::string host) {
    HttpRequest r = make(std::move(method), std::move(target));
    r.headers[0].second = std::move(host);
    return op(r, "s3");
  };
  CHECK(one(at("GET", "/k/x", "bucket-a.localhost:4566")).resource == "arn:aws:s3:::bucket-a/k/x");
  auto list = at("GET", "/?list-type=2", "bucket-a.s3.us-east-1.amazonaws.com");
  CHECK(list.operation == "ListObjectsV2");
  CHECK(one(list).resource == "arn:aws:s3:::bucket-a");
  CHECK(one(at("GET", "/", "s3.amazonaws.com")).action == "s3:ListAllMyBuckets");
  CHECK(one(at("GET", "/b/k", "127.0.0.1:4566")).resource == "arn:aws:s3:::b/k");
}

TEST_CASE("S3 CopyObject: GetObject on the source, PutObject on the target", "[gateway]") {
  auto copy =
      op(make("PUT", "/target/new", "", {{"x-amz-copy-source", "/src/dir/old%20one"}}), "s3");
  CHECK(copy.operation == "CopyObject");
  REQUIRE(copy.needs.size() == 2);
  CHECK(copy.needs[0].action == "s3:GetObject");
  CHECK(copy.needs[0].resource == "arn:aws:s3:::src/dir/old one");
  CHECK(copy.needs[1].action == "s3:PutObject");
  CHECK(copy.needs[1].resource == "arn:aws:s3:::target/new");
  // A source version: s3:GetObjectVersion on it.
  auto versioned =
      op(make("PUT", "/target/new", "", {{"x-amz-copy-source", "/src/dir/old%20one?versionId=v1"}}),
         "s3");
  REQUIRE(versioned.needs.size() == 2);
  CHECK(versioned.needs[0].action == "s3:GetObjectVersion");
  CHECK(versioned.needs[0].resource == "arn:aws:s3:::src/dir/old one");
  CHECK(versioned.needs[1].action == "s3:PutObject");
  auto part_copy =
      op(make("PUT", "/t/k?partNumber=2&uploadId=u", "", {{"x-amz-copy-source", "s/k"}}), "s3");
  CHECK(part_copy.operation == "UploadPartCopy");
  REQUIRE(part_copy.needs.size() == 2);
  CHECK(part_copy.needs[0].action == "s3:GetObject");
  auto part_copy_version = op(make("PUT", "/t/k?partNumber=2&uploadId=u", "",
                                   {{"x-amz-copy-source", "s/k?versionId=3%2F4"}}),
                              "s3");
  CHECK(part_copy_version.needs[0].action == "s3:GetObjectVersion");
  CHECK(part_copy_version.needs[0].resource == "arn:aws:s3:::s/k");
}

TEST_CASE("S3 object operations naming a version need the version's action", "[gateway]") {
  const std::pair<const char*, const char*> cases[][2] = {
      {{"GET", "/b/k"}, {"s3:GetObject", "s3:GetObjectVersion"}},
      {{"HEAD", "/b/k"}, {"s3:GetObject", "s3:GetObjectVersion"}},
      {{"DELETE", "/b/k"}, {"s3:DeleteObject", "s3:DeleteObjectVersion"}},
      {{"GET", "/b/k?acl"}, {"s3:GetObjectAcl", "s3:GetObjectVersionAcl"}},
      {{"PUT", "/b/k?acl"}, {"s3:PutObjectAcl", "s3:PutObjectVersionAcl"}},
      {{"GET", "/b/k?tagging"}, {"s3:GetObjectTagging", "s3:GetObjectVersionTagging"}},
      {{"PUT", "/b/k?tagging"}, {"s3:PutObjectTagging", "s3:PutObjectVersionTagging"}},
      {{"DELETE", "/b/k?tagging"}, {"s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"}},
  };
  for (const auto& c : cases) {
    const std::string target = c[0].second;
    const std::string versioned =
        target + (target.find('?') == std::string::npos ? "?" : "&") + "versionId=3";
    INFO(c[0].first << " " << target);
    CHECK(one(op(make(c[0].first, target), "s3")).action == c[1].first);
    const auto with_version = one(op(make(c[0].first, versioned), "s3"));
    CHECK(with_version.action == c[1].second);
    CHECK(with_version.resource == "arn:aws:s3:::b/k");
  }
}

TEST_CASE("Lambda: Invoke by name, partial ARN and ARN", "[gateway]") {
  auto by_name = op(make("POST", "/2015-03-31/functions/fn/invocations", "{}"), "lambda");
  CHECK(by_name.operation == "Invoke");
  CHECK(one(by_name).action == "lambda:InvokeFunction");
  CHECK(one(by_name).resource == "arn:aws:lambda:us-east-1:123456789012:function:fn");
  CHECK(one(op(make("POST", "/2015-03-31/functions/123456789012%3Afunction%3Afn2/invocations"),
               "lambda"))
            .resource == "arn:aws:lambda:us-east-1:123456789012:function:fn2");
  CHECK(
      one(op(make("POST", "/2015-03-31/functions/111111111111%3Afunction%3Afn4%3Aprod/invocations"),
             "lambda"))
          .resource == "arn:aws:lambda:us-east-1:111111111111:function:fn4");
  const std::string arn = "arn:aws:lambda:eu-west-1:111111111111:function:fn3";
  CHECK(one(op(make("POST",
                    "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A111111111111"
                    "%3Afunction%3Afn3/invocations"),
               "lambda"))
            .resource == arn);
  CHECK(one(op(make("GET", "/2015-03-31/functions/"), "lambda")).action == "lambda:ListFunctions");
  CHECK(one(op(make("GET", "/2015-03-31/functions/fn"), "lambda")).action == "lambda:GetFunction");
  // CreateFunction names its function in the body.
  CHECK(one(op(make("POST", "/2015-03-31/functions", R"({"FunctionName":"new"})"), "lambda"))
            .resource == "arn:aws:lambda:us-east-1:123456789012:function:new");
}
