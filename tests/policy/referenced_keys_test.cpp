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

TEST_CASE("a compiled policy knows which context keys it consults", "[referenced]") {
  const CompiledPolicy p = compile(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}/*",
     "Condition":{"IpAddress":{"AWS:SourceIP":"10.0.0.0/8"},
                  "StringEquals":{"aws:PrincipalTag/Team":"${aws:PrincipalTag/Team}",
                                  "ec2:Region":"x"}}},
    {"Effect":"Deny","Action":"iam:*","Resource":"*",
     "Condition":{"StringLike":{"aws:ResourceTag/env":"${iam:ResourceTag/owner, 'none'}"}}}]})");
  CHECK(p.known_keys ==
        (bit(KnownKey::kUserName) | bit(KnownKey::kSourceIp) | bit(KnownKey::kPrincipalTag) |
         bit(KnownKey::kAwsResourceTag) | bit(KnownKey::kIamResourceTag)));
}

TEST_CASE("policy variables name keys only under Version 2012-10-17", "[referenced]") {
  const CompiledPolicy p = compile(R"({"Version":"2008-10-17","Statement":
    {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}/*"}})");
  CHECK(p.known_keys == 0);
}

TEST_CASE("every key name the server builds is known", "[referenced]") {
  CHECK(known_key_bits({"aws:principalarn",
                        "aws:principalaccount",
                        "aws:principaltype",
                        "aws:userid",
                        "aws:username",
                        "aws:tokenissuetime",
                        "aws:multifactorauthpresent",
                        "aws:multifactorauthage",
                        "aws:sourceidentity",
                        "aws:currenttime",
                        "aws:epochtime",
                        "aws:requestedregion",
                        "aws:securetransport",
                        "aws:sourceip",
                        "aws:tagkeys",
                        "iam:permissionsboundary",
                        "iam:policyarn",
                        "sts:externalid",
                        "sts:rolesessionname",
                        "sts:sourceidentity",
                        "sts:transitivetagkeys",
                        "aws:principaltag/a",
                        "aws:requesttag/b",
                        "aws:resourcetag/c",
                        "iam:resourcetag/d"}) == (bit(KnownKey::kIamResourceTag) << 1) - 1);
  CHECK(known_key_bits({"aws:sourcevpc", "aws:principaltag", "s3:prefix"}) == 0);
}

TEST_CASE("ReferencedKeys is the union of its policies' keys", "[referenced]") {
  const CompiledPolicy a = compile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
    "Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}})");
  const CompiledPolicy b = compile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
    "Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/Env":"dev"}}}})");
  const CompiledPolicy none = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  ReferencedKeys keys;
  CHECK_FALSE(keys.wants(KnownKey::kMultiFactorAuthPresent));
  keys.add(&a);
  keys.add(&none);
  keys.add(nullptr);
  keys.add(&b);
  CHECK(keys.wants(KnownKey::kMultiFactorAuthPresent));
  CHECK(keys.wants(KnownKey::kRequestTag));
  CHECK_FALSE(keys.wants(KnownKey::kCurrentTime));
  CHECK_FALSE(keys.wants(KnownKey::kPrincipalTag));
}
