#include "common/aws_error.hpp"

#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "common/random_ids.hpp"
#include "common/url_encoding.hpp"

using namespace localiam;

TEST_CASE("every AWS error factory carries its code, status and fault", "[common]") {
  struct Row {
    AwsError error;
    const char* code;
    int status;
    bool sender;
  };
  const Row rows[] = {
      {errors::NoSuchEntity("m"), "NoSuchEntity", 404, true},
      {errors::EntityAlreadyExists("m"), "EntityAlreadyExists", 409, true},
      {errors::DeleteConflict("m"), "DeleteConflict", 409, true},
      {errors::LimitExceeded("m"), "LimitExceeded", 409, true},
      {errors::MalformedPolicyDocument("m"), "MalformedPolicyDocument", 400, true},
      {errors::ValidationError("m"), "ValidationError", 400, true},
      {errors::AccessDenied("m"), "AccessDenied", 403, true},
      {errors::InvalidClientTokenId("m"), "InvalidClientTokenId", 403, true},
      {errors::SignatureDoesNotMatch("m"), "SignatureDoesNotMatch", 403, true},
      {errors::IncompleteSignature("m"), "IncompleteSignature", 400, true},
      {errors::MissingAuthenticationToken("m"), "MissingAuthenticationToken", 403, true},
      {errors::ExpiredToken("m"), "ExpiredToken", 403, true},
      {errors::ExpiredTokenException("m"), "ExpiredTokenException", 400, true},
      {errors::IDPRejectedClaim("m"), "IDPRejectedClaim", 403, true},
      {errors::IDPCommunicationError("m"), "IDPCommunicationError", 400, true},
      {errors::FeatureDisabled("m"), "FeatureDisabled", 404, true},
      {errors::FeatureEnabled("m"), "FeatureEnabled", 409, true},
      {errors::InvalidAction("m"), "InvalidAction", 400, true},
      {errors::MissingAction("m"), "MissingAction", 400, true},
      {errors::MalformedQueryString("m"), "MalformedQueryString", 404, true},
      {errors::ServiceFailure("m"), "ServiceFailure", 500, false},
      {errors::InternalFailure("m"), "InternalFailure", 500, false},
  };
  for (const Row& row : rows) {
    INFO(row.code);
    CHECK(row.error.code == row.code);
    CHECK(row.error.http_status == row.status);
    CHECK(row.error.sender_fault == row.sender);
    CHECK(row.error.message == "m");
  }
}

TEST_CASE("timestamps format and parse in AWS's forms", "[common]") {
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso8601(1700000000) == "2023-11-14T22:13:20Z");
  CHECK(format_iso8601(951782400) == "2000-02-29T00:00:00Z");
  CHECK(format_iso8601(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_iso8601(4102444799) == "2099-12-31T23:59:59Z");
  // Out-of-range times (a fuzzed timestamp) are clamped, not overflowed.
  CHECK(format_iso8601(INT64_MAX) == "9999-12-31T23:59:59Z");
  CHECK(format_iso8601(INT64_MIN) == "0000-01-01T00:00:00Z");
  CHECK(format_amz_date(1700000000) == "20231114T221320Z");
  CHECK(parse_iso8601("2023-11-14T22:13:20Z") == 1700000000);
  CHECK(parse_iso8601("2023-11-14T22:13:20.359Z") == 1700000000);
  CHECK(parse_iso8601("2026-03-26T03:42:09+00:00").has_value());
  CHECK_FALSE(parse_iso8601("2023-13-14T22:13:20Z").has_value());
  CHECK_FALSE(parse_iso8601("yesterday").has_value());
  CHECK(parse_amz_date("20231114T221320Z") == 1700000000);
  CHECK_FALSE(parse_amz_date("2023-11-14T22:13:20Z").has_value());
}

TEST_CASE("the clock can be moved and reset", "[common]") {
  Clock clock;
  int64_t before = clock.now_epoch_seconds();
  clock.advance(3600);
  CHECK(clock.now_epoch_seconds() >= before + 3600);
  clock.reset();
  CHECK(clock.now_epoch_seconds() < before + 60);
}

TEST_CASE("identifiers have AWS's shapes", "[common]") {
  auto id = make_unique_id("AIDA");
  CHECK(id.size() == 21);
  CHECK(id.rfind("AIDA", 0) == 0);
  CHECK(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == std::string::npos);
  auto key = make_access_key_id("AKIA");
  CHECK(key.size() == 20);
  auto secret = make_secret_access_key();
  CHECK(secret.size() == 40);
  CHECK(make_unique_id("AIDA") != make_unique_id("AIDA"));
  auto uuid = make_request_id();
  CHECK(uuid.size() == 36);
  CHECK(uuid[14] == '4');
}

TEST_CASE("form decoding and RFC 3986 encoding", "[common]") {
  CHECK(form_decode("a+b%2Fc%7B") == "a b/c{");
  std::string bad;
  CHECK_FALSE(form_decode("abc%zz", &bad).has_value());
  CHECK(bad == "%zz");
  CHECK_FALSE(form_decode("abc%4", &bad).has_value());
  CHECK(bad == "%4");
  CHECK(uri_encode("{\"a\": \"b/c\"}\n") == "%7B%22a%22%3A%20%22b%2Fc%22%7D%0A");
  CHECK(uri_encode("Az09-._~") == "Az09-._~");
}
