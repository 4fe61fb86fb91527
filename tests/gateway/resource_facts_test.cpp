// What the gateway's decision learns about a resource (gateway/resource_facts): with an upstream
// that does not answer, the decision is made without the resource's policy, promptly, and the
// access log's note says so; the request's own condition keys are there all the same.
#include "gateway/resource_facts.hpp"

#include <catch2/catch.hpp>
#include <chrono>

#include "policy/policy_cache.hpp"

using namespace localiam;
using namespace localiam::gateway;

namespace {

// Port 1 (tcpmux): nothing listens there on these machines, so connecting is refused at once.
ReaderOptions unreachable() {
  ReaderOptions o;
  std::string why;
  o.upstream = *parse_upstream_url("http://127.0.0.1:1", why);
  return o;
}

}  // namespace

TEST_CASE("an upstream that does not answer leaves the decision without the policy", "[gateway]") {
  ResourceReader reader(unreachable());
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = R"({"SecretId":"db"})";
  CallerAsks caller;
  const std::string secret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db";
  ResourceFacts facts;
  const auto started = std::chrono::steady_clock::now();
  reader.read({"secretsmanager", "GetSecretValue", "secretsmanager:GetSecretValue", secret},
              request, caller, "000000000000", "us-east-1", facts);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(facts.resource_policy() == nullptr);
  CHECK(facts.note.starts_with(" [resource policy not read: connecting: "));
  // Nothing was cached: the next request asks again.
  CHECK(reader.cache().size() == 0);
  const std::vector<std::string>* id = facts.keys.find("secretsmanager:SecretId");
  REQUIRE(id);
  CHECK(*id == std::vector<std::string>{"db"});
  policy::ContextKeys context;
  facts.merge_into(context);
  CHECK(context.find("secretsmanager:SecretId"));
}

TEST_CASE(
    "a cached policy is used without asking the upstream; another account's resource "
    "needs its policy",
    "[gateway]") {
  ResourceReader reader(unreachable());
  const std::string key = "arn:aws:kms:us-east-1:111111111111:key/k";
  auto loaded = std::make_shared<api::LoadedPolicy>();
  loaded->document =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"kms:*","Resource":"*"}})";
  loaded->compiled = policy::compiled_policy_for(loaded->document);
  reader.cache().put_policy(key, loaded, ResourcePolicyCache::Clock::now());
  HttpRequest request;
  CallerAsks caller;
  ResourceFacts facts;
  reader.read({"kms", "Encrypt", "kms:Encrypt", key}, request, caller, "222222222222", "us-east-1",
              facts);
  CHECK(facts.note.empty());
  const api::ResourcePolicy* rp = facts.resource_policy();
  REQUIRE(rp);
  CHECK(rp->policy == loaded.get());
  CHECK(rp->required);  // a key policy
  CHECK(rp->account == "111111111111");
  const std::vector<std::string>* account = facts.keys.find("kms:CallerAccount");
  REQUIRE(account);
  CHECK(*account == std::vector<std::string>{"222222222222"});
  // A forwarded PutKeyPolicy drops it.
  reader.invalidate("kms", "PutKeyPolicy", key);
  CHECK_FALSE(reader.cache().policy(key, ResourcePolicyCache::Clock::now()));
}

TEST_CASE("a bucket belongs to the upstream's account: another account's caller needs its policy",
          "[gateway]") {
  ReaderOptions options = unreachable();
  options.upstream_account = "000000000000";
  ResourceReader reader(options);
  reader.cache().put_policy("arn:aws:s3:::b", nullptr, ResourcePolicyCache::Clock::now());
  HttpRequest request;
  request.target = "/b";
  CallerAsks caller;
  ResourceFacts mine;
  reader.read({"s3", "GetObject", "s3:GetObject", "arn:aws:s3:::b/k"}, request, caller,
              "000000000000", "us-east-1", mine);
  CHECK(mine.resource_policy() == nullptr);  // same account, no policy: identity decides
  CHECK(mine.note.empty());                  // the bucket's entry served the object too
  ResourceFacts theirs;
  reader.read({"s3", "ListObjectsV2", "s3:ListBucket", "arn:aws:s3:::b"}, request, caller,
              "111111111111", "us-east-1", theirs);
  const api::ResourcePolicy* rp = theirs.resource_policy();
  REQUIRE(rp);
  CHECK(rp->policy == nullptr);
  CHECK(rp->account == "000000000000");
  CHECK_FALSE(rp->required);
}

TEST_CASE("a bucket policy change drops the entry its objects use", "[gateway]") {
  ResourceReader reader(unreachable());
  const auto now = ResourcePolicyCache::Clock::now();
  reader.cache().put_policy("arn:aws:s3:::b", nullptr, now);
  reader.invalidate("s3", "PutBucketPolicy", "arn:aws:s3:::b");
  CHECK_FALSE(reader.cache().policy("arn:aws:s3:::b", now));
  reader.cache().put_policy("arn:aws:s3:::b", nullptr, now);
  reader.invalidate("s3", "DeleteBucket", "arn:aws:s3:::b/ignored");
  CHECK_FALSE(reader.cache().policy("arn:aws:s3:::b", now));
}
