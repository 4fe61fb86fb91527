// What the gateway forwards besides the decision: a presigned URL's X-Amz-* parameters dropped,
// aws-chunked framing headers taken off with x-amz-content-sha256 saying what is sent, and how a
// streamed body is checked and announced (decoded length for aws-chunked; errors otherwise).
#include "gateway/forward_plan.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "gateway/gateway.hpp"

using namespace localiam;
using namespace localiam::gateway;

namespace {

HttpRequest s3_put(HeaderList extra) {
  HttpRequest r;
  r.method = "PUT";
  r.target = "/bucket/key";
  r.headers = {{"Host", "127.0.0.1:4566"}, {"Authorization", "AWS4-HMAC-SHA256 …"}};
  r.headers.insert(r.headers.end(), extra.begin(), extra.end());
  return r;
}

std::string header(const HttpRequest& r, std::string_view name) {
  const std::string* v = r.header(name);
  return v ? *v : "(none)";
}

}  // namespace

TEST_CASE("a presigned URL is forwarded without its X-Amz-* parameters", "[gateway][forward]") {
  CHECK(without_presign_params("/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb"
                               "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60"
                               "&X-Amz-SignedHeaders=host&X-Amz-Signature=abc") == "/b/k");
  CHECK(without_presign_params("/b/k?versionId=3&X-Amz-Signature=abc&x-amz-security-token=t&"
                               "response-content-type=text%2Fplain") ==
        "/b/k?versionId=3&response-content-type=text%2Fplain");
  CHECK(without_presign_params("/b/k") == "/b/k");
  CHECK(without_presign_params("/b/k?X-Amz-Meta-x=1") == "/b/k?X-Amz-Meta-x=1");
}

TEST_CASE("an aws-chunked head loses its framing headers", "[gateway][forward]") {
  sigv4::ParsedAuth auth;
  const HttpRequest r = s3_put({{"Content-Encoding", "aws-chunked,gzip"},
                                {"X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                                {"X-Amz-Decoded-Content-Length", "11"},
                                {"X-Amz-Trailer", "x-amz-checksum-crc32"},
                                {"Content-Type", "text/plain"}});
  const HttpRequest head = forwarded_head(r, auth, true);
  CHECK(header(head, "Content-Encoding") == "gzip");
  CHECK(header(head, "X-Amz-Content-Sha256") == "UNSIGNED-PAYLOAD");
  CHECK(header(head, "X-Amz-Decoded-Content-Length") == "(none)");
  CHECK(header(head, "X-Amz-Trailer") == "(none)");
  CHECK(header(head, "Content-Type") == "text/plain");
  SECTION("a hex payload hash still describes what is sent") {
    const std::string hex(64, 'a');
    CHECK(header(forwarded_head(s3_put({{"X-Amz-Content-Sha256", hex}}), auth, true),
                 "X-Amz-Content-Sha256") == hex);
  }
}

TEST_CASE("how a streamed body is checked and announced", "[gateway][forward]") {
  sigv4::ParsedAuth auth;
  SECTION("aws-chunked: the decoded length goes upstream") {
    Result<BodyPlan> plan =
        body_plan(s3_put({{"Content-Length", "60"},
                          {"X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                          {"X-Amz-Decoded-Content-Length", "11"}}),
                  auth, std::nullopt);
    REQUIRE(plan.ok());
    CHECK(plan->upstream_length == 11u);
    std::string out;
    REQUIRE(plan->check.feed("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", out).ok());
    CHECK(out == "hello world");
    CHECK(plan->check.finish().ok());
  }
  SECTION("aws-chunked without its decoded length is refused") {
    Result<BodyPlan> plan =
        body_plan(s3_put({{"X-Amz-Content-Sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"}}), auth,
                  std::nullopt);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().code == "IncompleteBody");
  }
  SECTION("a decoded length the body does not keep") {
    Result<BodyPlan> plan =
        body_plan(s3_put({{"X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                          {"X-Amz-Decoded-Content-Length", "12"}}),
                  auth, std::nullopt);
    REQUIRE(plan.ok());
    std::string out;
    REQUIRE(plan->check.feed("5\r\nhello\r\n0\r\n\r\n", out).ok());
    CHECK(plan->check.finish().error().code == "IncompleteBody");
  }
  SECTION("a hex hash is held to the body") {
    Result<BodyPlan> plan =
        body_plan(s3_put({{"Content-Length", "5"},
                          {"X-Amz-Content-Sha256",
                           "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}}),
                  auth, std::nullopt);
    REQUIRE(plan.ok());
    CHECK(plan->upstream_length == 5u);
    std::string out;
    REQUIRE(plan->check.feed("hello", out).ok());
    CHECK(plan->check.finish().ok());
    Result<BodyPlan> wrong =
        body_plan(s3_put({{"Content-Length", "5"}, {"X-Amz-Content-Sha256", std::string(64, '0')}}),
                  auth, std::nullopt);
    REQUIRE(wrong->check.feed("hello", out).ok());
    CHECK(wrong->check.finish().error().code == "XAmzContentSHA256Mismatch");
  }
  SECTION("an unknown payload type is refused") {
    CHECK_FALSE(
        body_plan(s3_put({{"X-Amz-Content-Sha256", "STREAMING-SOMETHING"}}), auth, std::nullopt)
            .ok());
  }
}

TEST_CASE("an S3 presigned URL lives for its X-Amz-Expires", "[gateway][forward]") {
  sigv4::ParsedAuth auth;
  auth.presigned = true;
  auth.request_time = 1'000'000;
  auth.expires = 3600;
  CHECK(check_presigned_expiry(auth, 1'000'000 + 3600).ok());
  CHECK(check_presigned_expiry(auth, 1'000'000 + 3601).error().message == "Request has expired");
  auth.expires = 604801;
  CHECK(check_presigned_expiry(auth, 1'000'000).error().code ==
        "AuthorizationQueryParametersError");
}

TEST_CASE("which bodies stream rather than being read whole", "[gateway][forward]") {
  auto head = [](std::string service, std::string target, HeaderList extra) {
    HttpRequest r;
    r.method = "PUT";
    r.target = std::move(target);
    r.headers = {
        {"Host", "127.0.0.1:4566"},
        {"X-Amz-Date", "20260101T000000Z"},
        {"Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + service +
                              "/aws4_request, SignedHeaders=host;x-amz-date, "
                              "Signature=" +
                              std::string(64, '0')}};
    r.headers.insert(r.headers.end(), extra.begin(), extra.end());
    return r;
  };
  const std::string hex(64, 'a');
  CHECK(Gateway::body_streams(head("s3", "/b/k", {{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}})));
  CHECK(Gateway::body_streams(head("s3", "/b/k", {{"X-Amz-Content-Sha256", hex}})));
  // Without the header the signature covers the body's hash: it must be read first.
  CHECK_FALSE(Gateway::body_streams(head("s3", "/b/k", {})));
  CHECK(Gateway::body_streams(
      head("lambda", "/2015-03-31/functions/f/invocations", {{"X-Amz-Content-Sha256", hex}})));
  CHECK_FALSE(Gateway::body_streams(head("lambda", "/2015-03-31/functions/f/invocations", {})));
  CHECK_FALSE(Gateway::body_streams(head("dynamodb", "/", {{"X-Amz-Content-Sha256", hex}})));
  HttpRequest presigned;
  presigned.method = "GET";
  presigned.target =
      "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2F"
      "aws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&"
      "X-Amz-Signature=" +
      std::string(64, '0');
  presigned.headers = {{"Host", "127.0.0.1:4566"}};
  CHECK(Gateway::body_streams(presigned));
}
