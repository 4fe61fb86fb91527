// LatencyHistogram: an HDR-style log-linear histogram of durations in nanoseconds. Values below
// 128 ns are exact; above, each power of two is split into 64 buckets, so any reported value is
// within 1/64 (1.6 %) of the true one. Fixed memory (~18 KB), O(1) record, mergeable; not
// thread-safe (one histogram per load thread, merged at the end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace localiam::bench {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void record(uint64_t nanos);
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }
  // The value at quantile `q` in [0, 1] (the midpoint of the bucket holding it, clamped to the
  // recorded maximum); 0 when empty.
  uint64_t quantile(double q) const;

 private:
  static size_t bucket_of(uint64_t nanos);
  static uint64_t bucket_low(size_t bucket);
  static uint64_t bucket_high(size_t bucket);

  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t max_ = 0;
};

}  // namespace localiam::bench
