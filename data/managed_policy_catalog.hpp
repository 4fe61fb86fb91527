// The AWS managed policy catalogue (1,485 policies), built into the binary. Parsed once, on
// first use, from the embedded JSON; immutable afterwards and safe to read from any thread.
// Lookup by ARN is O(log n); all() is sorted by policy name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::data {

struct ManagedPolicy {
  std::string name;                // "ReadOnlyAccess"
  std::string path;                // "/", "/service-role/", …
  std::string arn;                 // "arn:aws:iam::aws:policy" + path + name (partition aws)
  std::string policy_id;           // "ANPA" + 17 base32, stable (derived from the ARN)
  std::string default_version_id;  // "v1", "v2", …
  int64_t create_date = 0;         // epoch seconds
  int64_t update_date = 0;
  int permissions_boundary_usage_count = 0;
  std::string document;  // the default version's document, compact JSON
};

class ManagedPolicyCatalog {
 public:
  // The process-wide catalogue (parsed on first call; thread-safe).
  static const ManagedPolicyCatalog& instance();

  // The policy with this ARN, or nullptr. The ARN may name any partition: the catalogue holds
  // the aws partition's ARNs, and arn:aws-cn:iam::aws:policy/X finds the same policy X.
  const ManagedPolicy* find_by_arn(std::string_view arn) const;
  // Every policy, sorted by name.
  const std::vector<ManagedPolicy>& all() const { return policies_; }

 private:
  ManagedPolicyCatalog();
  std::vector<ManagedPolicy> policies_;
  std::vector<size_t> by_arn_;  // indexes into policies_, sorted by arn
};

}  // namespace localiam::data
