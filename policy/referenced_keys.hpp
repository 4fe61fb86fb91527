// The context keys that the policies of one authorisation can consult: the union of their
// known keys (CompiledPolicy::known_keys). Enforce mode builds only these, since a key no
// policy names cannot change a decision.
#pragma once

#include <cstdint>

#include "policy/compiled_policy.hpp"
#include "policy/known_context_keys.hpp"

namespace localiam::policy {

class ReferencedKeys {
 public:
  // Adds the keys of `policy` (ignored when null).
  void add(const CompiledPolicy* policy) {
    if (policy) bits_ |= policy->known_keys;
  }
  // True when a policy names `key` (for a tag prefix: any key under it).
  bool wants(KnownKey key) const { return (bits_ & bit(key)) != 0; }

 private:
  uint64_t bits_ = 0;
};

}  // namespace localiam::policy
