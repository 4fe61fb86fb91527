// The context keys that the policies of one authorisation can consult: the union of their
// condition keys and policy variables (CompiledPolicy::keys_lower). Enforce mode builds only
// these, since a key no policy names cannot change a decision. Views the policies' key lists;
// the policies outlive it.
#pragma once

#include <string_view>
#include <vector>

#include "policy/compiled_policy.hpp"

namespace localiam::policy {

class ReferencedKeys {
 public:
  // Adds the keys of `policy` (ignored when null).
  void add(const CompiledPolicy* policy);
  // True when a policy names `lower_key` (lower-cased).
  bool wants(std::string_view lower_key) const;
  // True when a policy names a key that starts with `lower_prefix` ("aws:principaltag/").
  bool wants_prefix(std::string_view lower_prefix) const;

 private:
  std::vector<const std::vector<std::string>*> lists_;
};

}  // namespace localiam::policy
