// The load generator's command line: what one run measures (endpoint, connections, threads,
// durations, workload) or, in start-up probe mode, what it waits for. parse_options() fills
// Options from argv and says false (after a message on stderr) on bad usage.
#pragma once

#include <cstdio>
#include <string>

#include "bench/workloads.hpp"

namespace localiam::bench {

struct Options {
  std::string endpoint = "http://127.0.0.1:4566";
  int connections = 32;
  int threads = 1;
  double duration = 10.0;
  double warmup = 1.0;
  bool json = false;
  WorkloadConfig workload;
  // Start-up probe mode: instead of a load, wait until the server answers.
  std::string wait_ready;     // "health" (GET /_localiam/health) or "identity" (GetCallerIdentity)
  std::string endpoint_file;  // read the endpoint from the server's "listening on" line here
  double ready_timeout = 30.0;
};

void print_usage(FILE* out);
bool parse_options(int argc, char** argv, Options& options);

}  // namespace localiam::bench
