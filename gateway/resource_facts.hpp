// What the gateway's decision knows beyond the caller's identity policies: the resource's
// resource-based policy and tags read from the upstream (through a short-lived cache), and the
// condition keys the request carries (gateway/request_conditions.hpp). The policy is evaluated
// as AWS does: same-account either side may allow, cross-account (the ARN names another
// account) both must, and a KMS key policy is required (IAM policies count only where it
// delegates to the account). An upstream that does not answer a read leaves the decision to be
// made without it, said in `note` for the access log; reads have short timeouts. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/authorizer.hpp"
#include "common/http_message.hpp"
#include "gateway/request_conditions.hpp"
#include "gateway/resource_policy_cache.hpp"
#include "gateway/upstream_client.hpp"
#include "gateway/upstream_signing.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct ResourceFacts {
  ResourcePolicyCache::Policy policy;  // null: none (or not read)
  api::ResourcePolicy slot;            // valid while this lives (points into `policy`)
  bool has_slot = false;
  policy::ContextKeys keys;  // the request's and the resource's condition keys
  std::string note;          // "" or " [resource policy not read: …]"
  // The resource when the reader named it and the operation could not (the key a KMS alias
  // points to, read with DescribeKey); "" otherwise.
  std::string resource;
  // Set by a read told not to wait: something had to be asked of the upstream (a cache miss,
  // a KMS alias), so these facts are incomplete and the read must be made again with waiting.
  bool must_wait = false;

  ResourceFacts() = default;
  ResourceFacts(const ResourceFacts&) = delete;
  ResourceFacts& operator=(const ResourceFacts&) = delete;

  const api::LoadedPolicy* loaded_policy() const { return policy.get(); }
  const api::ResourcePolicy* resource_policy() const { return has_slot ? &slot : nullptr; }
  // Sets every key of `keys` in `context` (replacing any of the same name).
  void merge_into(policy::ContextKeys& context) const;
};

// What the caller's own policies ask of a resource beyond its policy, taken while the caller's
// policies may be read (under the database lock: they live in a memo other threads clear), so
// that reading the resource needs neither.
struct CallerAsks {
  bool resource_tags = false;  // a condition on aws:ResourceTag/…: the tags are read
  bool leading_keys = false;   // a condition on dynamodb:LeadingKeys: the key schema is read
};

struct ReaderOptions {
  UpstreamUrl upstream;
  // --upstream SERVICE=URL: the services whose resources live elsewhere than `upstream`.
  std::vector<std::pair<std::string, UpstreamUrl>> service_upstreams;
  UpstreamKeys keys;
  UpstreamTimeouts timeouts{std::chrono::milliseconds(1000), std::chrono::milliseconds(3000)};
  std::chrono::milliseconds ttl{5000};
  // The account owning resources whose ARN names none (S3 buckets): the upstream's, taken to
  // be localiam's default account (moto_server's MOTO_ACCOUNT_ID).
  std::string upstream_account;

  const UpstreamUrl& upstream_for(std::string_view service) const {
    for (const auto& [name, url] : service_upstreams)
      if (name == service) return url;
    return upstream;
  }
};

class ResourceReader {
 public:
  explicit ResourceReader(ReaderOptions options);

  // `asks` says whether the caller's policies want tags and a table's key schema read (the
  // resource policy's own conditions are looked at here); `caller_account` is the caller's
  // account; `region` the request's.
  // Holds no lock of the caller's: call it without the database lock. With `may_wait` false,
  // it answers from the cache alone and sets `out.must_wait` where it would have asked the
  // upstream (for a thread that must not block).
  void read(const OperationFacts& op, const HttpRequest& request, const CallerAsks& asks,
            const std::string& caller_account, const std::string& region, ResourceFacts& out,
            bool may_wait = true) const;

  // After a forwarded call succeeded: drops what it changed (see ResourcePolicyCache).
  void invalidate(std::string_view service, std::string_view operation,
                  std::string_view resource) const;

  ResourcePolicyCache& cache() const { return cache_; }

 private:
  // The upstream's answer to `read`, signed with the upstream keys; nullopt with `failure`.
  std::optional<HttpResponse> exchange(UpstreamRead read, std::string& failure) const;

  ReaderOptions options_;
  mutable ResourcePolicyCache cache_;
};

// Whether any of `caller`'s policies or `resource_policy` (may be null) has a condition on a key
// starting with `lower_prefix` ("aws:resourcetag/", "dynamodb:leadingkeys").
bool policies_name(const api::CallerPolicies& caller, const api::LoadedPolicy* resource_policy,
                   std::string_view lower_prefix);
// Whether they name a resource tag key: aws:ResourceTag/…, secretsmanager:ResourceTag/…,
// ssm:resourceTag/….
bool policies_name_resource_tags(const api::CallerPolicies& caller,
                                 const api::LoadedPolicy* resource_policy);
CallerAsks caller_asks(const api::CallerPolicies& caller);

}  // namespace localiam::gateway
