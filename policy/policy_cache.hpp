// Compiled policies shared by content: a document is compiled the first time it is seen and
// the compiled form reused for every later evaluation of the same text (stored policies are
// immutable per version, so the text identifies the policy). Thread-safe; bounded in size.
#pragma once

#include <memory>
#include <string_view>

#include "policy/compiled_policy.hpp"

namespace localiam::policy {

// The compiled form of `document`, or nullptr when it does not parse (a stored document always
// does).
std::shared_ptr<const CompiledPolicy> compiled_policy_for(std::string_view document);

}  // namespace localiam::policy
