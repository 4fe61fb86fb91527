#include "gateway/resource_policy_cache.hpp"

#include "common/arn.hpp"

namespace localiam::gateway {

namespace {

struct ChangeRow {
  std::string_view service;
  std::string_view operation;
  ResourceChange change;
};

constexpr ResourceChange kPolicy{true, false, false};
constexpr ResourceChange kTags{false, true, false};
constexpr ResourceChange kAll{true, true, true};

constexpr ChangeRow kChanges[] = {
    {"s3", "PutBucketPolicy", kPolicy},
    {"s3", "DeleteBucketPolicy", kPolicy},
    {"s3", "PutBucketTagging", kTags},
    {"s3", "DeleteBucketTagging", kTags},
    {"s3", "DeleteBucket", kAll},
    {"sqs", "SetQueueAttributes", kPolicy},
    {"sqs", "AddPermission", kPolicy},
    {"sqs", "RemovePermission", kPolicy},
    {"sqs", "TagQueue", kTags},
    {"sqs", "UntagQueue", kTags},
    {"sqs", "DeleteQueue", kAll},
    {"sns", "SetTopicAttributes", kPolicy},
    {"sns", "AddPermission", kPolicy},
    {"sns", "RemovePermission", kPolicy},
    {"sns", "TagResource", kTags},
    {"sns", "UntagResource", kTags},
    {"sns", "DeleteTopic", kAll},
    {"kms", "PutKeyPolicy", kPolicy},
    {"kms", "TagResource", kTags},
    {"kms", "UntagResource", kTags},
    {"kms", "ScheduleKeyDeletion", kAll},
    {"lambda", "AddPermission", kPolicy},
    {"lambda", "RemovePermission", kPolicy},
    {"lambda", "TagResource", kTags},
    {"lambda", "UntagResource", kTags},
    {"lambda", "DeleteFunction", kAll},
    {"secretsmanager", "PutResourcePolicy", kPolicy},
    {"secretsmanager", "DeleteResourcePolicy", kPolicy},
    {"secretsmanager", "TagResource", kTags},
    {"secretsmanager", "UntagResource", kTags},
    {"secretsmanager", "DeleteSecret", kAll},
    {"dynamodb", "PutResourcePolicy", kPolicy},
    {"dynamodb", "DeleteResourcePolicy", kPolicy},
    {"dynamodb", "TagResource", kTags},
    {"dynamodb", "UntagResource", kTags},
    {"dynamodb", "DeleteTable", kAll},
    {"dynamodb", "CreateTable", kAll},
    {"ssm", "AddTagsToResource", kTags},
    {"ssm", "RemoveTagsFromResource", kTags},
    {"ssm", "DeleteParameter", kAll},
    {"ssm", "DeleteParameters", kAll},
};

// Far above what a local stack names; when reached the cache simply starts over.
constexpr size_t kMaxEntries = 10000;

template <class T>
bool live(const std::optional<T>& timed, ResourcePolicyCache::Clock::time_point now) {
  return timed && now < timed->expires;
}

}  // namespace

ResourceChange change_of(std::string_view service, std::string_view operation) {
  for (const ChangeRow& row : kChanges)
    if (row.service == service && row.operation == operation) return row.change;
  return {};
}

std::optional<ResourcePolicyCache::Policy> ResourcePolicyCache::policy(
    const std::string& arn, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(arn);
  if (it == entries_.end() || !live(it->second.policy, now)) return std::nullopt;
  return it->second.policy->value;
}

std::optional<Tags> ResourcePolicyCache::tags(const std::string& arn, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(arn);
  if (it == entries_.end() || !live(it->second.tags, now)) return std::nullopt;
  return it->second.tags->value;
}

std::optional<std::string> ResourcePolicyCache::hash_key(const std::string& table_arn,
                                                         Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = hash_keys_.find(table_arn);
  if (it == hash_keys_.end() || now >= it->second.expires) return std::nullopt;
  return it->second.value;
}

void ResourcePolicyCache::put_policy(const std::string& arn, Policy policy, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[arn].policy = Timed<Policy>{std::move(policy), now + ttl_};
}

void ResourcePolicyCache::put_tags(const std::string& arn, Tags tags, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[arn].tags = Timed<Tags>{std::move(tags), now + ttl_};
}

void ResourcePolicyCache::put_hash_key(const std::string& table_arn, std::string key,
                                       Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (hash_keys_.size() >= kMaxEntries) hash_keys_.clear();
  hash_keys_[table_arn] = Timed<std::string>{std::move(key), now + key_schema_ttl_};
}

bool ResourcePolicyCache::same_resource(std::string_view service, std::string_view held,
                                        std::string_view resource) const {
  const std::optional<arn::Parts> parts = arn::split(held);
  if (!parts || parts->service != service) return false;
  // A resource the operation could not name: everything of the service goes.
  if (resource.empty() || resource == "*") return true;
  if (held == resource) return true;
  // DynamoDB: the table's indexes and streams share its policy and tags.
  if (service == "dynamodb" && held.starts_with(resource) && held[resource.size()] == '/')
    return true;
  if (service != "secretsmanager") return false;
  // A secret by its name-only ARN and by its full ARN (…:secret:NAME-AbCdEf).
  const std::string_view shorter = held.size() < resource.size() ? held : resource;
  const std::string_view longer = held.size() < resource.size() ? resource : held;
  return longer.starts_with(shorter) && longer.size() == shorter.size() + 7 &&
         longer[shorter.size()] == '-';
}

void ResourcePolicyCache::invalidate(std::string_view service, std::string_view operation,
                                     std::string_view resource) {
  const ResourceChange change = change_of(service, operation);
  if (!change.policy && !change.tags && !change.key_schema) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (same_resource(service, it->first, resource)) {
      if (change.policy) it->second.policy.reset();
      if (change.tags) it->second.tags.reset();
    }
    if (!it->second.policy && !it->second.tags) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  if (change.key_schema)
    std::erase_if(hash_keys_,
                  [&](const auto& kv) { return same_resource(service, kv.first, resource); });
}

size_t ResourcePolicyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size() + hash_keys_.size();
}

}  // namespace localiam::gateway
