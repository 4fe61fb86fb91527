// SigV4 signing keys: kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service),
// "aws4_request"), derived once per (secret, date, region, service) and then served from a
// bounded, thread-safe cache. A cache hit takes one short per-slot lock and does not allocate.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "sigv4/crypto.hpp"

namespace localiam::sigv4 {

using SigningKey = Sha256Digest;

// Derives kSigning from scratch (four HMACs). `date` is the YYYYMMDD scope date.
SigningKey derive_signing_key(std::string_view secret_access_key, std::string_view date,
                              std::string_view region, std::string_view service);

// A direct-mapped cache of signing keys: `slots` entries (rounded up to a power of two, at least
// 1), each guarded by its own mutex. Memory stays bounded by the slot count; two keys that hash
// to the same slot evict each other, which costs a re-derivation, never a wrong key.
class SigningKeyCache {
 public:
  explicit SigningKeyCache(size_t slots = 1024);
  ~SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // Returns kSigning for these inputs, deriving and caching it on a miss. Thread-safe.
  SigningKey get(std::string_view secret_access_key, std::string_view date, std::string_view region,
                 std::string_view service);

  size_t slot_count() const { return slot_count_; }
  // Counters for tests and metrics (relaxed; exact only when no other thread is using the cache).
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Slot;
  size_t slot_count_;
  std::unique_ptr<Slot[]> slots_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

// The process-wide cache used by verify_signature() and sign_request().
SigningKeyCache& default_signing_key_cache();

}  // namespace localiam::sigv4
