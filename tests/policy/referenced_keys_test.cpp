#include "policy/referenced_keys.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace localiam::policy;

namespace {

CompiledPolicy compile(const std::string& doc) {
  auto r = compile_policy(doc, PolicyKind::kIdentity);
  INFO(doc);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("a compiled policy lists the context keys it consults, lower-cased", "[referenced]") {
  const CompiledPolicy p = compile(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}/*",
     "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
                  "StringEquals":{"aws:PrincipalTag/Team":"${aws:PrincipalTag/Team}",
                                  "AWS:SourceIP":"x"}}},
    {"Effect":"Deny","Action":"iam:*","Resource":"*",
     "Condition":{"StringLike":{"aws:ResourceTag/env":"${iam:ResourceTag/owner, 'none'}"}}}]})");
  CHECK(p.keys_lower == std::vector<std::string>{"aws:username", "aws:sourceip",
                                                 "aws:principaltag/team", "aws:resourcetag/env",
                                                 "iam:resourcetag/owner"});
}

TEST_CASE("policy variables name keys only under Version 2012-10-17", "[referenced]") {
  const CompiledPolicy p = compile(R"({"Version":"2008-10-17","Statement":
    {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}/*"}})");
  CHECK(p.keys_lower.empty());
}

TEST_CASE("ReferencedKeys is the union of its policies' keys", "[referenced]") {
  const CompiledPolicy a = compile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
    "Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}})");
  const CompiledPolicy b = compile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
    "Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/Env":"dev"}}}})");
  const CompiledPolicy none = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  ReferencedKeys keys;
  CHECK_FALSE(keys.wants("aws:multifactorauthpresent"));
  keys.add(&a);
  keys.add(&none);
  keys.add(nullptr);
  keys.add(&b);
  CHECK(keys.wants("aws:multifactorauthpresent"));
  CHECK(keys.wants("aws:requesttag/env"));
  CHECK_FALSE(keys.wants("aws:requesttag/"));
  CHECK_FALSE(keys.wants("aws:currenttime"));
  CHECK(keys.wants_prefix("aws:requesttag/"));
  CHECK_FALSE(keys.wants_prefix("aws:principaltag/"));
}
