#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/ascii.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/condition_values.hpp"
#include "policy/statement_matcher.hpp"

using namespace localiam::policy;

namespace {

// Whether `op` {key: values} holds for the context.
bool holds(const std::string& op, const std::string& key, std::vector<std::string> values,
           const ContextKeys& context) {
  CompiledCondition c;
  c.op = op;
  c.key = key;
  c.key_lower = localiam::ascii::to_lower(key);
  read_condition_operator(op, c);
  for (auto& text : values) {
    ConditionValue v;
    v.text = text;
    v.has_variables = text.find("${") != std::string::npos;
    v.number = parse_number(text);
    v.date_millis = parse_date_millis(text);
    v.ip = parse_ip_block(text);
    c.values.push_back(std::move(v));
  }
  std::string scratch;
  return condition_holds(c, context, true, scratch);
}

ContextKeys ctx(std::vector<std::pair<std::string, std::vector<std::string>>> entries) {
  ContextKeys k;
  for (auto& [key, values] : entries) k.set(key, values);
  return k;
}

}  // namespace

TEST_CASE("String operators", "[policy]") {
  ContextKeys c = ctx({{"aws:username", {"Alice"}}});
  CHECK(holds("StringEquals", "aws:username", {"Alice"}, c));
  CHECK(holds("StringEquals", "AWS:UserName", {"Alice"}, c));  // key names ignore case
  CHECK_FALSE(holds("StringEquals", "aws:username", {"alice"}, c));
  CHECK(holds("StringEquals", "aws:username", {"bob", "Alice"}, c));  // any value
  CHECK(holds("StringNotEquals", "aws:username", {"bob"}, c));
  CHECK_FALSE(holds("StringNotEquals", "aws:username", {"bob", "Alice"}, c));
  CHECK(holds("StringEqualsIgnoreCase", "aws:username", {"ALICE"}, c));
  CHECK_FALSE(holds("StringNotEqualsIgnoreCase", "aws:username", {"alice"}, c));
  CHECK(holds("StringLike", "aws:username", {"A*"}, c));
  CHECK(holds("StringLike", "aws:username", {"Al?ce"}, c));
  CHECK_FALSE(holds("StringLike", "aws:username", {"a*"}, c));
  CHECK(holds("StringNotLike", "aws:username", {"b*"}, c));
  CHECK_FALSE(holds("StringNotLike", "aws:username", {"A*"}, c));
}

TEST_CASE("Missing keys: positive operators fail, negated ones hold, IfExists holds", "[policy]") {
  ContextKeys empty;
  CHECK_FALSE(holds("StringEquals", "aws:username", {"a"}, empty));
  CHECK(holds("StringNotEquals", "aws:username", {"a"}, empty));
  CHECK(holds("StringEqualsIfExists", "aws:username", {"a"}, empty));
  CHECK(holds("NumericLessThanIfExists", "k", {"1"}, empty));
  CHECK_FALSE(holds("NumericLessThan", "k", {"1"}, empty));
  CHECK(holds("ArnLikeIfExists", "aws:SourceArn", {"arn:aws:s3:::x"}, empty));
  ContextKeys c = ctx({{"aws:username", {"b"}}});
  CHECK_FALSE(holds("StringEqualsIfExists", "aws:username", {"a"}, c));  // present: compared
}

TEST_CASE("Numeric operators", "[policy]") {
  ContextKeys c = ctx({{"s3:max-keys", {"10"}}});
  CHECK(holds("NumericEquals", "s3:max-keys", {"10"}, c));
  CHECK(holds("NumericEquals", "s3:max-keys", {"10.0"}, c));
  CHECK(holds("NumericNotEquals", "s3:max-keys", {"11"}, c));
  CHECK(holds("NumericLessThan", "s3:max-keys", {"11"}, c));
  CHECK_FALSE(holds("NumericLessThan", "s3:max-keys", {"10"}, c));
  CHECK(holds("NumericLessThanEquals", "s3:max-keys", {"10"}, c));
  CHECK(holds("NumericGreaterThan", "s3:max-keys", {"9"}, c));
  CHECK(holds("NumericGreaterThanEquals", "s3:max-keys", {"10"}, c));
  CHECK_FALSE(holds("NumericEquals", "s3:max-keys", {"ten"}, c));
}

TEST_CASE("Date operators accept ISO 8601 and epoch seconds", "[policy]") {
  ContextKeys c = ctx({{"aws:CurrentTime", {"2019-04-25T11:00:00Z"}}});
  CHECK(holds("DateGreaterThan", "aws:CurrentTime", {"2018-08-16T12:00:00Z"}, c));
  CHECK_FALSE(holds("DateLessThan", "aws:CurrentTime", {"2018-08-16T12:00:00Z"}, c));
  CHECK(holds("DateEquals", "aws:CurrentTime", {"2019-04-25T13:00:00+02:00"}, c));
  CHECK(holds("DateNotEquals", "aws:CurrentTime", {"2019-04-25"}, c));
  CHECK(holds("DateLessThanEquals", "aws:CurrentTime", {"1556190000"}, c));
  CHECK(holds("DateGreaterThanEquals", "aws:CurrentTime", {"2019-04-25T11:00:00.000Z"}, c));
  ContextKeys epoch = ctx({{"aws:EpochTime", {"1556190000"}}});
  CHECK(holds("DateEquals", "aws:EpochTime", {"2019-04-25T11:00:00Z"}, epoch));
  CHECK_FALSE(holds("DateEquals", "aws:CurrentTime", {"not a date"}, c));
}

TEST_CASE("Bool, BinaryEquals, Null", "[policy]") {
  ContextKeys c = ctx({{"aws:SecureTransport", {"true"}}, {"k", {"QmluYXJ5"}}});
  CHECK(holds("Bool", "aws:SecureTransport", {"true"}, c));
  CHECK(holds("Bool", "aws:SecureTransport", {"TRUE"}, c));
  CHECK_FALSE(holds("Bool", "aws:SecureTransport", {"false"}, c));
  CHECK(holds("BoolIfExists", "aws:MultiFactorAuthPresent", {"false"}, c));
  CHECK(holds("BinaryEquals", "k", {"QmluYXJ5"}, c));
  CHECK_FALSE(holds("BinaryEquals", "k", {"QmluYXJ6"}, c));
  CHECK(holds("Null", "aws:TokenIssueTime", {"true"}, c));
  CHECK_FALSE(holds("Null", "aws:TokenIssueTime", {"false"}, c));
  CHECK(holds("Null", "aws:SecureTransport", {"false"}, c));
  CHECK_FALSE(holds("Null", "aws:SecureTransport", {"true"}, c));
}

TEST_CASE("IpAddress and NotIpAddress, IPv4 and IPv6", "[policy]") {
  ContextKeys v4 = ctx({{"aws:SourceIp", {"203.0.113.7"}}});
  CHECK(holds("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}, v4));
  CHECK(holds("IpAddress", "aws:SourceIp", {"10.0.0.0/8", "203.0.113.7/32"}, v4));
  CHECK(holds("IpAddress", "aws:SourceIp", {"203.0.113.7"}, v4));
  CHECK_FALSE(holds("IpAddress", "aws:SourceIp", {"203.0.114.0/24"}, v4));
  CHECK(holds("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8"}, v4));
  CHECK(holds("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, v4));
  CHECK_FALSE(holds("IpAddress", "aws:SourceIp", {"2001:db8::/32"}, v4));
  ContextKeys v6 = ctx({{"aws:SourceIp", {"2001:db8:1234::1"}}});
  CHECK(holds("IpAddress", "aws:SourceIp", {"2001:db8::/32"}, v6));
  CHECK(holds("IpAddress", "aws:SourceIp", {"2001:db8:1234::/48"}, v6));
  CHECK_FALSE(holds("IpAddress", "aws:SourceIp", {"2001:db9::/32"}, v6));
  CHECK_FALSE(holds("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, v6));
  CHECK(holds("NotIpAddress", "aws:SourceIp", {"203.0.113.0/24"}, v6));
}

TEST_CASE("Arn operators", "[policy]") {
  ContextKeys c = ctx({{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:topic"}}});
  CHECK(holds("ArnEquals", "aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:topic"}, c));
  CHECK(holds("ArnLike", "aws:SourceArn", {"arn:aws:sns:*:123456789012:*"}, c));
  CHECK_FALSE(holds("ArnLike", "aws:SourceArn", {"arn:aws:sqs:*:123456789012:*"}, c));
  CHECK(holds("ArnNotEquals", "aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:other"}, c));
  CHECK_FALSE(holds("ArnNotLike", "aws:SourceArn", {"arn:aws:sns:*:*:*"}, c));
}

TEST_CASE("ForAnyValue / ForAllValues with AWS's rules for missing keys", "[policy]") {
  ContextKeys tags = ctx({{"aws:TagKeys", {"environment", "cost-center"}}});
  ContextKeys empty;
  // ForAllValues: every request value must be allowed; no values at all is vacuously true.
  CHECK(
      holds("ForAllValues:StringEquals", "aws:TagKeys", {"environment", "cost-center", "x"}, tags));
  CHECK_FALSE(holds("ForAllValues:StringEquals", "aws:TagKeys", {"environment"}, tags));
  CHECK(holds("ForAllValues:StringEquals", "aws:TagKeys", {"environment"}, empty));
  CHECK(holds("ForAllValues:StringLike", "aws:TagKeys", {"*-center", "env*"}, tags));
  // ForAnyValue: at least one request value must match; a missing key is false.
  CHECK(holds("ForAnyValue:StringEquals", "aws:TagKeys", {"environment"}, tags));
  CHECK_FALSE(holds("ForAnyValue:StringEquals", "aws:TagKeys", {"owner"}, tags));
  CHECK_FALSE(holds("ForAnyValue:StringEquals", "aws:TagKeys", {"owner"}, empty));
  CHECK(holds("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", {"owner"}, empty));
  // Negated set forms apply the negation to each request value.
  CHECK(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", {"environment"}, tags));
  CHECK_FALSE(holds("ForAllValues:StringNotEquals", "aws:TagKeys", {"environment"}, tags));
  CHECK(holds("ForAllValues:StringNotEquals", "aws:TagKeys", {"owner"}, tags));
}

TEST_CASE("Unknown operators never hold", "[policy]") {
  ContextKeys c = ctx({{"k", {"v"}}});
  CHECK_FALSE(holds("StringEqualz", "k", {"v"}, c));
  CHECK_FALSE(holds("NullIfExists", "k", {"false"}, c));
}

TEST_CASE("Condition values with policy variables", "[policy]") {
  ContextKeys c = ctx({{"aws:username", {"alice"}}, {"s3:prefix", {"home/alice/"}}});
  CHECK(holds("StringLike", "s3:prefix", {"home/${aws:username}/"}, c));
  CHECK_FALSE(holds("StringLike", "s3:prefix", {"home/${aws:userid}/"}, c));
  CHECK(holds("StringLike", "s3:prefix", {"home/${aws:userid, 'alice'}/"}, c));
}

TEST_CASE("context keys are case-insensitive however many a request has", "[policy][context]") {
  for (int count : {3, 200}) {
    localiam::policy::ContextKeys context;
    for (int i = 0; i < count; ++i) context.set("aws:Key" + std::to_string(i), std::to_string(i));
    context.add("AWS:KEY1", "again");
    context.set("aws:key2", std::string("replaced"));
    for (int i = 0; i < count; ++i) {
      const auto* values = context.find("Aws:kEy" + std::to_string(i));
      REQUIRE(values);
      if (i == 1) {
        CHECK(*values == std::vector<std::string>{"1", "again"});
      } else if (i == 2) {
        CHECK(*values == std::vector<std::string>{"replaced"});
      } else {
        CHECK(*values == std::vector<std::string>{std::to_string(i)});
      }
    }
    CHECK(context.find_lower("aws:key" + std::to_string(count)) == nullptr);
    CHECK(context.find_lower("aws:key0"));
  }
}
