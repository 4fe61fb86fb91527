#include "bench/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace localiam::bench {

namespace {

constexpr unsigned kLinearBits = 7;                   // 0..127 ns recorded exactly
constexpr uint64_t kLinear = 1u << kLinearBits;       // 128
constexpr uint64_t kHalf = kLinear / 2;               // 64 sub-buckets per power of two above
constexpr unsigned kMaxShift = 64 - kLinearBits + 1;  // covers every uint64_t
constexpr size_t kBucketCount = kLinear + kMaxShift * kHalf;

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBucketCount, 0) {}

// Above the linear range, the value's top 7 bits select the sub-bucket and the number of bits
// shifted out selects the power of two.
size_t LatencyHistogram::bucket_of(uint64_t nanos) {
  if (nanos < kLinear) return static_cast<size_t>(nanos);
  const unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(nanos));
  const unsigned shift = msb - (kLinearBits - 1);
  const uint64_t mantissa = nanos >> shift;  // in [64, 128)
  return static_cast<size_t>(kLinear + (shift - 1) * kHalf + (mantissa - kHalf));
}

uint64_t LatencyHistogram::bucket_low(size_t bucket) {
  if (bucket < kLinear) return bucket;
  const uint64_t shift = (bucket - kLinear) / kHalf + 1;
  const uint64_t mantissa = (bucket - kLinear) % kHalf + kHalf;
  return mantissa << shift;
}

uint64_t LatencyHistogram::bucket_high(size_t bucket) {
  if (bucket < kLinear) return bucket;
  const uint64_t shift = (bucket - kLinear) / kHalf + 1;
  const uint64_t mantissa = (bucket - kLinear) % kHalf + kHalf;
  return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(uint64_t nanos) {
  ++buckets_[bucket_of(nanos)];
  ++count_;
  sum_ += nanos;
  max_ = std::max(max_, nanos);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

uint64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the q-quantile, 1-based: the smallest value with at least q of all below or at.
  const uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(max_, (bucket_low(i) + bucket_high(i)) / 2);
  }
  return max_;
}

}  // namespace localiam::bench
