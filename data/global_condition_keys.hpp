// AWS's global condition context keys (the aws: keys every service may see), with the type
// AWS documents for each and whether it holds several values, from the IAM User Guide's "AWS
// global condition context keys" page. Tag keys are listed by their stem ("aws:RequestTag/").
// Static data; thread-safe.
#pragma once

#include <string_view>

namespace localiam::data {

struct GlobalConditionKey {
  std::string_view name;  // "aws:SourceIp"; a stem ending in '/' for tag keys
  std::string_view type;  // "String", "ARN", "Bool", "Numeric", "Date", "IPAddress"
  bool multivalued = false;
};

// The global key `key` names (any case; "aws:ResourceTag/team" finds the stem), or nullptr.
const GlobalConditionKey* global_condition_key(std::string_view key);

}  // namespace localiam::data
