// The gateway's own answers in the called service's protocol (gateway/error_answer).
#include "gateway/error_answer.hpp"

#include <catch2/catch.hpp>

using localiam::HttpRequest;
using localiam::gateway::error_answer;

namespace {

HttpRequest request(localiam::HeaderList headers, std::string body = "") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("JSON services: __type and message; DynamoDB's Coral code and Message", "[gateway]") {
  auto denied = localiam::errors::AccessDenied("User: u is not \"allowed\"");
  denied.code = "AccessDeniedException";
  denied.http_status = 400;
  auto r = error_answer(request({{"X-Amz-Target", "DynamoDB_20120810.GetItem"}}), "dynamodb",
                        denied, "rid");
  CHECK(r.status == 400);
  CHECK(r.content_type == "application/x-amz-json-1.0");
  CHECK(
      r.body ==
      R"({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: u is not \"allowed\""})");
  r = error_answer(request({{"X-Amz-Target", "secretsmanager.GetSecretValue"}}), "secretsmanager",
                   denied, "rid");
  CHECK(r.body == R"({"__type":"AccessDeniedException","message":"User: u is not \"allowed\""})");
  // Authentication errors take the JSON protocols' names.
  r = error_answer(request({{"Content-Type", "application/x-amz-json-1.1"}}), "kms",
                   localiam::errors::InvalidClientTokenId("bad"), "rid");
  CHECK(r.status == 400);
  CHECK(r.body.find("UnrecognizedClientException") != std::string::npos);
  r = error_answer(request({{"X-Amz-Target", "AmazonSSM.GetParameter"}}), "ssm",
                   localiam::errors::SignatureDoesNotMatch("bad"), "rid");
  CHECK(r.body.find("InvalidSignatureException") != std::string::npos);
}

TEST_CASE("Query and REST-XML services: their XML error shapes", "[gateway]") {
  auto unavailable = localiam::errors::ServiceUnavailable("down <now>");
  auto r = error_answer(
      request({{"Content-Type", "application/x-www-form-urlencoded"}}, "Action=ListQueues"), "sqs",
      unavailable, "rid");
  CHECK(r.status == 503);
  CHECK(r.body ==
        "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>down "
        "&lt;now&gt;</Message></Error><RequestId>rid</RequestId></ErrorResponse>");
  r = error_answer(request({}), "s3", localiam::errors::AccessDenied("no"), "rid");
  CHECK(r.status == 403);
  CHECK(r.body.find("<Error><Code>AccessDenied</Code><Message>no</Message>") != std::string::npos);
}
