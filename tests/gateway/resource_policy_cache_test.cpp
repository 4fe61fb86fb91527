// The gateway's cache of what it read from the upstream (gateway/resource_policy_cache): entries
// expire after their TTL, and the forwarded calls that change a resource's policy, tags or key
// schema drop exactly that.
#include "gateway/resource_policy_cache.hpp"

#include <catch2/catch.hpp>

using namespace localiam::gateway;
using namespace std::chrono_literals;

namespace {

const std::string kTable = "arn:aws:dynamodb:us-east-1:000000000000:table/t";
const std::string kSecret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db";
const std::string kSecretFull = kSecret + "-AbCdEf";

ResourcePolicyCache::Policy some_policy() {
  auto p = std::make_shared<localiam::api::LoadedPolicy>();
  p->id = "resource";
  return p;
}

}  // namespace

TEST_CASE("entries live for their TTL", "[gateway]") {
  ResourcePolicyCache cache(5s, 60s);
  const auto t0 = ResourcePolicyCache::Clock::now();
  CHECK_FALSE(cache.policy(kTable, t0));
  cache.put_policy(kTable, nullptr, t0);  // "no policy" is held too
  REQUIRE(cache.policy(kTable, t0 + 4s));
  CHECK(*cache.policy(kTable, t0 + 4s) == nullptr);
  CHECK_FALSE(cache.policy(kTable, t0 + 5s));
  cache.put_hash_key(kTable, "pk", t0);
  CHECK(cache.hash_key(kTable, t0 + 30s) == "pk");
  CHECK_FALSE(cache.hash_key(kTable, t0 + 61s));
}

TEST_CASE("a forwarded change drops what it changed, and only that", "[gateway]") {
  ResourcePolicyCache cache(5s);
  const auto now = ResourcePolicyCache::Clock::now();
  const std::string other = "arn:aws:dynamodb:us-east-1:000000000000:table/u";
  for (const std::string& arn : {kTable, other}) {
    cache.put_policy(arn, some_policy(), now);
    cache.put_tags(arn, {{"env", "dev"}}, now);
  }
  cache.put_hash_key(kTable, "pk", now);

  cache.invalidate("dynamodb", "GetItem", kTable);  // changes nothing
  CHECK(cache.policy(kTable, now));
  cache.invalidate("dynamodb", "PutResourcePolicy", kTable);
  CHECK_FALSE(cache.policy(kTable, now));
  CHECK(cache.tags(kTable, now));
  CHECK(cache.policy(other, now));
  // TagResource names its table by ResourceArn: an operation without a resource drops the tags
  // of every table.
  cache.invalidate("dynamodb", "TagResource", "*");
  CHECK_FALSE(cache.tags(kTable, now));
  CHECK_FALSE(cache.tags(other, now));
  CHECK(cache.policy(other, now));
  CHECK(cache.hash_key(kTable, now));
  cache.invalidate("dynamodb", "DeleteTable", kTable);
  CHECK_FALSE(cache.hash_key(kTable, now));
  CHECK(cache.policy(other, now));
  // Another service's change leaves DynamoDB alone.
  cache.invalidate("kms", "PutKeyPolicy", "*");
  CHECK(cache.policy(other, now));
}

TEST_CASE("a secret by name and by full ARN is one secret", "[gateway]") {
  ResourcePolicyCache cache(5s);
  const auto now = ResourcePolicyCache::Clock::now();
  cache.put_policy(kSecretFull, some_policy(), now);
  cache.put_policy(kSecret + "x", some_policy(), now);  // another secret, "dbx"
  cache.invalidate("secretsmanager", "PutResourcePolicy", kSecret);
  CHECK_FALSE(cache.policy(kSecretFull, now));
  CHECK(cache.policy(kSecret + "x", now));
  cache.put_policy(kSecret, some_policy(), now);
  cache.invalidate("secretsmanager", "DeleteResourcePolicy", kSecretFull);
  CHECK_FALSE(cache.policy(kSecret, now));
}

TEST_CASE("the operations that change policies and tags", "[gateway]") {
  CHECK(change_of("s3", "PutBucketPolicy").policy);
  CHECK(change_of("s3", "DeleteBucketPolicy").policy);
  CHECK(change_of("s3", "PutBucketTagging").tags);
  CHECK(change_of("sqs", "SetQueueAttributes").policy);
  CHECK(change_of("sns", "SetTopicAttributes").policy);
  CHECK(change_of("kms", "PutKeyPolicy").policy);
  CHECK(change_of("lambda", "AddPermission").policy);
  CHECK(change_of("lambda", "RemovePermission").policy);
  CHECK(change_of("secretsmanager", "PutResourcePolicy").policy);
  CHECK(change_of("secretsmanager", "DeleteSecret").tags);
  CHECK_FALSE(change_of("kms", "Encrypt").policy);
  CHECK_FALSE(change_of("kms", "Encrypt").tags);
}
