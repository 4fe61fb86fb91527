// The start-up probe (--wait-ready): no load; polls the server every millisecond until it answers
// 200 (GET /_localiam/health or a signed GetCallerIdentity) and prints 'ready UNIX_NANOSECONDS
// ENDPOINT', the time on the wall clock so that the calling script can subtract its launch time.
#pragma once

#include "bench/options.hpp"

namespace localiam::bench {

// Exit status: 0 when ready, 1 on time-out, 2 on bad usage.
int wait_ready(const Options& options);

}  // namespace localiam::bench
