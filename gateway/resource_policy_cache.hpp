// What the gateway has read from its upstream about resources, kept for a short while: each
// resource's policy (compiled) and tags by ARN, and DynamoDB tables' partition keys. An entry
// lives `ttl`; invalidate() drops what a forwarded call changed (PutKeyPolicy, TagResource,
// DeleteTable, …), so that the next request reads it again. Time is given by the caller (tests
// move it). Bounded: past 10,000 resources it starts over. Thread-safe (one mutex).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal_policies.hpp"
#include "gateway/resource_reads.hpp"

namespace localiam::gateway {

// What a forwarded operation changes about its resource.
struct ResourceChange {
  bool policy = false;
  bool tags = false;
  bool key_schema = false;
};
// `service` is the IAM prefix, `operation` the operation's name ("PutKeyPolicy").
ResourceChange change_of(std::string_view service, std::string_view operation);

class ResourcePolicyCache {
 public:
  using Clock = std::chrono::steady_clock;
  // A resource's policy: null when it has none.
  using Policy = std::shared_ptr<const api::LoadedPolicy>;

  explicit ResourcePolicyCache(std::chrono::milliseconds ttl = std::chrono::seconds(5),
                               std::chrono::milliseconds key_schema_ttl = std::chrono::minutes(5))
      : ttl_(ttl), key_schema_ttl_(key_schema_ttl) {}

  // nullopt when not held (or expired).
  std::optional<Policy> policy(const std::string& arn, Clock::time_point now) const;
  std::optional<Tags> tags(const std::string& arn, Clock::time_point now) const;
  std::optional<std::string> hash_key(const std::string& table_arn, Clock::time_point now) const;
  void put_policy(const std::string& arn, Policy policy, Clock::time_point now);
  void put_tags(const std::string& arn, Tags tags, Clock::time_point now);
  void put_hash_key(const std::string& table_arn, std::string key, Clock::time_point now);

  // Drops what `operation` of `service` changed on `resource` (an ARN). A secret named by its
  // name and by its full ARN (name plus "-" and six characters) are the same secret: both go.
  void invalidate(std::string_view service, std::string_view operation, std::string_view resource);

  size_t size() const;

 private:
  template <class T>
  struct Timed {
    T value;
    Clock::time_point expires;
  };
  struct Entry {
    std::optional<Timed<Policy>> policy;
    std::optional<Timed<Tags>> tags;
  };
  // Entries an invalidation of `resource` reaches (guarded by mutex_).
  bool same_resource(std::string_view service, std::string_view held,
                     std::string_view resource) const;

  const std::chrono::milliseconds ttl_;
  const std::chrono::milliseconds key_schema_ttl_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;                 // by ARN; mutex_
  std::unordered_map<std::string, Timed<std::string>> hash_keys_;  // by table ARN; mutex_
};

}  // namespace localiam::gateway
