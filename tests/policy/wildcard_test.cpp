#include "policy/wildcard.hpp"

#include <catch2/catch.hpp>

using localiam::policy::arn_match;
using localiam::policy::wildcard_match;

TEST_CASE("wildcard_match: * and ? with optional case folding", "[policy]") {
  struct Case {
    const char* pattern;
    const char* text;
    bool ignore_case;
    bool expected;
  };
  const Case cases[] = {
      {"*", "", false, true},
      {"*", "anything", false, true},
      {"iam:*", "iam:CreateUser", false, true},
      {"iam:Get*", "iam:GetUser", false, true},
      {"iam:Get*", "iam:ListUsers", false, false},
      {"iam:get*", "iam:GetUser", false, false},
      {"iam:get*", "iam:GetUser", true, true},
      {"IAM:GETUSER", "iam:getuser", true, true},
      {"iam:?etUser", "iam:GetUser", false, true},
      {"iam:?etUser", "iam:etUser", false, false},
      {"a*b*c", "axxbyyc", false, true},
      {"a*b*c", "axxbyy", false, false},
      {"*User", "iam:CreateUser", false, true},
      {"**", "x", false, true},
      {"a?", "a", false, false},
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " vs " << c.text);
    CHECK(wildcard_match(c.pattern, c.text, c.ignore_case) == c.expected);
  }
}

TEST_CASE("arn_match: fields matched one by one, case-sensitive", "[policy]") {
  struct Case {
    const char* pattern;
    const char* arn;
    bool expected;
  };
  const Case cases[] = {
      {"*", "arn:aws:iam::123456789012:user/alice", true},
      {"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice", true},
      {"arn:aws:iam::123456789012:user/Alice", "arn:aws:iam::123456789012:user/alice", false},
      {"arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:user/dev/alice", true},
      {"arn:aws:iam::*:user/alice", "arn:aws:iam::123456789012:user/alice", true},
      {"arn:aws:iam::123456789012:*", "arn:aws:iam::123456789012:role/r", true},
      {"arn:aws:iam::123456789012:user/*", "arn:aws:iam::123456789012:role/r", false},
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c", true},
      {"arn:aws:iam::*", "arn:aws:iam::123456789012:user/alice", true},
      {"arn:aws:*", "arn:aws:iam::123456789012:user/alice", true},
      // A wildcard inside one field never crosses into the next one.
      {"arn:aws:i*:user/alice", "arn:aws:iam::123456789012:user/alice", false},
      {"arn:aws:iam::12345678901?:user/alice", "arn:aws:iam::123456789012:user/alice", true},
      {"arn:aws:iam::123456789012:user/alice", "not-an-arn", false},
      {"arn:aws:sts::123456789012:assumed-role/R/*", "arn:aws:sts::123456789012:assumed-role/R/s",
       true},
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " vs " << c.arn);
    CHECK(arn_match(c.pattern, c.arn) == c.expected);
  }
}
