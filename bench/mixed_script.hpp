// The mixed workload's script: one connection's create-attach-assume-delete cycle (see
// MixedScript in mixed_script.cpp), counted as one cycle when it completes.
#pragma once

#include <memory>

#include "bench/workloads.hpp"

namespace localiam::bench {

// The cycle for connection number `index`; prepare() must have resolved config.attach.
std::unique_ptr<Script> make_mixed_script(const WorkloadConfig& config, int index);

}  // namespace localiam::bench
