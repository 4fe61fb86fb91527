// The start-up probe (ready_probe.hpp).
#include "bench/ready_probe.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>

#include "bench/http_client.hpp"
#include "bench/workloads.hpp"

namespace localiam::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
  std::string text;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    std::fclose(f);
  }
  return text;
}

}  // namespace

int wait_ready(const Options& options) {
  if (options.wait_ready != "health" && options.wait_ready != "identity") {
    std::fprintf(stderr, "localiam_bench: --wait-ready must be health or identity\n");
    return 2;
  }
  const auto deadline =
      SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                               std::chrono::duration<double>(options.ready_timeout));
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1)); };
  std::string url = options.endpoint;
  if (!options.endpoint_file.empty()) {
    url.clear();
    constexpr std::string_view kMarker = "listening on ";
    while (url.empty()) {
      std::string log = read_file(options.endpoint_file);
      size_t at = log.find(kMarker);
      if (at != std::string::npos) {
        size_t start = at + kMarker.size();
        size_t end = log.find_first_of(" \r\n", start);
        if (end != std::string::npos) url = log.substr(start, end - start);
      }
      if (!url.empty()) break;
      if (SteadyClock::now() >= deadline) {
        std::fprintf(stderr, "localiam_bench: no 'listening on' line in %s\n",
                     options.endpoint_file.c_str());
        return 1;
      }
      pause();
    }
  }
  std::string error;
  auto endpoint = parse_endpoint(url, &error);
  if (!endpoint) {
    std::fprintf(stderr, "localiam_bench: %s\n", error.c_str());
    return 2;
  }
  HttpRequest request;
  if (options.wait_ready == "health") {
    request.method = "GET";
    request.target = "/_localiam/health";
    request.headers.emplace_back("Host", endpoint->host_header);
  }
  while (true) {
    if (options.wait_ready == "identity") {
      Call call{"sts", "Action=GetCallerIdentity&Version=2011-06-15", &options.workload.root};
      request = build_request(*endpoint, options.workload.region, call,
                              static_cast<int64_t>(time(nullptr)));
    }
    BlockingClient client(*endpoint);
    if (client.send(request).status == 200) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      std::printf(
          "ready %lld %s\n",
          static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()),
          url.c_str());
      return 0;
    }
    if (SteadyClock::now() >= deadline) {
      std::fprintf(stderr, "localiam_bench: %s did not answer within %.1f s\n", url.c_str(),
                   options.ready_timeout);
      return 1;
    }
    pause();
  }
}

}  // namespace localiam::bench
