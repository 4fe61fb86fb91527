// A fixed-answer HTTP/1.1 upstream for the gateway benchmark: answers every request with the
// same small JSON body (keep-alive), after reading and discarding the request's body
// (Content-Length or chunked); `GET /download/N` answers N MiB instead, chunked. One thread per
// connection; enough for loopback benchmarks.
#pragma once

#include <cstdint>

namespace localiam::bench {

// Listens on 127.0.0.1:`port` (0 picks one), prints "upstream listening on http://127.0.0.1:PORT"
// on stdout, and serves until the process ends. Returns non-zero when it cannot listen.
int serve_fixed_upstream(uint16_t port);

}  // namespace localiam::bench
