#include "sigv4/signing_key_cache.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>

namespace localiam::sigv4 {

SigningKey derive_signing_key(std::string_view secret_access_key, std::string_view date,
                              std::string_view region, std::string_view service) {
  // "AWS4" + secret lives on the stack for ordinary secret lengths, so derivation allocates
  // only for absurdly long secrets.
  char stack_buf[128];
  std::string heap_buf;
  std::string_view k_secret;
  if (secret_access_key.size() + 4 <= sizeof stack_buf) {
    std::copy_n("AWS4", 4, stack_buf);
    std::copy(secret_access_key.begin(), secret_access_key.end(), stack_buf + 4);
    k_secret = std::string_view(stack_buf, secret_access_key.size() + 4);
  } else {
    heap_buf.reserve(secret_access_key.size() + 4);
    heap_buf.append("AWS4").append(secret_access_key);
    k_secret = heap_buf;
  }
  SigningKey k = hmac_sha256(k_secret, date);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  return hmac_sha256(k, "aws4_request");
}

struct SigningKeyCache::Slot {
  std::mutex mu;
  // All fields guarded by mu.
  bool valid = false;
  std::string secret;
  std::string date;
  std::string region;
  std::string service;
  SigningKey key{};
};

SigningKeyCache::SigningKeyCache(size_t slots) {
  size_t n = 1;
  while (n < slots && n < (size_t{1} << 24)) n <<= 1;
  slot_count_ = n;
  slots_ = std::make_unique<Slot[]>(n);
}

SigningKeyCache::~SigningKeyCache() = default;

SigningKey SigningKeyCache::get(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service) {
  // Scope parts come from the request; oversized ones are served uncached so that a hostile
  // client cannot park large strings in the cache.
  constexpr size_t kMaxCachedPart = 64;
  if (date.size() > kMaxCachedPart || region.size() > kMaxCachedPart ||
      service.size() > kMaxCachedPart || secret_access_key.size() > 4 * kMaxCachedPart) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return derive_signing_key(secret_access_key, date, region, service);
  }
  std::hash<std::string_view> h;
  size_t mix = h(secret_access_key);
  mix = mix * 31 + h(date);
  mix = mix * 31 + h(region);
  mix = mix * 31 + h(service);
  Slot& slot = slots_[mix & (slot_count_ - 1)];
  {
    std::lock_guard<std::mutex> lock(slot.mu);
    if (slot.valid && slot.date == date && slot.region == region && slot.service == service &&
        slot.secret == secret_access_key) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return slot.key;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  // Derive outside the lock so a miss does not stall readers of the same slot.
  SigningKey key = derive_signing_key(secret_access_key, date, region, service);
  std::lock_guard<std::mutex> lock(slot.mu);
  slot.secret.assign(secret_access_key);
  slot.date.assign(date);
  slot.region.assign(region);
  slot.service.assign(service);
  slot.key = key;
  slot.valid = true;
  return key;
}

SigningKeyCache& default_signing_key_cache() {
  static SigningKeyCache cache(4096);
  return cache;
}

}  // namespace localiam::sigv4
