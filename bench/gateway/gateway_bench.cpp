// localiam_gateway_bench: what forwarding through localiam's gateway costs (bench/README.md,
// "Gateway"). With --serve-upstream it is the fixed-answer upstream (fixed_upstream.hpp);
// otherwise it measures, against that upstream reached directly and through localiam:
// sequential latency (median and p99, and what the gateway adds), throughput over keep-alive
// connections, and a streamed S3 upload and download of --upload-mb MiB with the server's peak
// RSS.
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/gateway/fixed_upstream.hpp"
#include "bench/http_client.hpp"
#include "bench/latency_histogram.hpp"
#include "sigv4/signer.hpp"

using namespace localiam;
using namespace localiam::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  bool serve = false;
  uint16_t port = 0;
  std::string direct, gateway;
  int requests = 20000;
  int connections = 16;
  double duration = 5;
  std::string access_key = "AKIAGATEWAYBENCH0001", secret_key = "gateway-bench-secret";
  std::string root_key = "test", root_secret = "test";
  int upload_mb = 0;
  long server_pid = 0;
};

void usage() {
  std::fprintf(stderr,
               "usage: localiam_gateway_bench --serve-upstream [--port P]\n"
               "       localiam_gateway_bench --direct URL --gateway URL [--requests N]\n"
               "         [--connections C] [--duration S] [--access-key K --secret-key S]\n"
               "         [--upload-mb M --server-pid PID [--root-key K --root-secret S]]\n");
}

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    const std::string f = argv[i];
    if (f == "--serve-upstream") {
      a.serve = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (f == "--port")
      a.port = static_cast<uint16_t>(std::atoi(v.c_str()));
    else if (f == "--direct")
      a.direct = v;
    else if (f == "--gateway")
      a.gateway = v;
    else if (f == "--requests")
      a.requests = std::atoi(v.c_str());
    else if (f == "--connections")
      a.connections = std::atoi(v.c_str());
    else if (f == "--duration")
      a.duration = std::atof(v.c_str());
    else if (f == "--access-key")
      a.access_key = v;
    else if (f == "--secret-key")
      a.secret_key = v;
    else if (f == "--root-key")
      a.root_key = v;
    else if (f == "--root-secret")
      a.root_secret = v;
    else if (f == "--upload-mb")
      a.upload_mb = std::atoi(v.c_str());
    else if (f == "--server-pid")
      a.server_pid = std::atol(v.c_str());
    else
      return false;
  }
  return a.serve || (!a.direct.empty() && !a.gateway.empty());
}

// A DynamoDB GetItem, signed once (the gateway checks the 15-minute window, not replays).
HttpRequest get_item(const Endpoint& e, const Args& a) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"Host", e.host_header},
               {"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  r.body = R"({"TableName":"bench","Key":{"k":{"S":"1"}}})";
  sigv4::SigningParams p;
  p.access_key_id = a.access_key;
  p.secret_access_key = a.secret_key;
  p.service = "dynamodb";
  p.epoch_seconds = static_cast<int64_t>(std::time(nullptr));
  sigv4::sign_request(r, p);
  return r;
}

// Sequential requests on one connection: the latency histogram (after a warm-up).
bool latency(const Endpoint& e, const Args& a, LatencyHistogram& h) {
  BlockingClient client(e);
  const HttpRequest r = get_item(e, a);
  for (int i = 0; i < a.requests / 10 + 100; ++i)
    if (client.send(r).status != 200) return false;
  for (int i = 0; i < a.requests; ++i) {
    const auto start = Clock::now();
    if (client.send(r).status != 200) return false;
    h.record(static_cast<uint64_t>((Clock::now() - start).count()));
  }
  return true;
}

// Requests per second over `connections` keep-alive connections for `duration` seconds.
double throughput(const Endpoint& e, const Args& a, uint64_t& failed) {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0}, bad{0};
  std::vector<std::thread> threads;
  const HttpRequest r = get_item(e, a);
  for (int c = 0; c < a.connections; ++c)
    threads.emplace_back([&] {
      BlockingClient client(e);
      while (!stop.load(std::memory_order_relaxed))
        (client.send(r).status == 200 ? done : bad).fetch_add(1, std::memory_order_relaxed);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // warm-up
  const uint64_t before = done.load();
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(a.duration));
  const uint64_t count = done.load() - before;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  for (auto& t : threads) t.join();
  failed = bad.load();
  return static_cast<double>(count) / seconds;
}

long status_kib(long pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field)) return std::atol(line.c_str() + std::string(field).size());
  return -1;
}

// One PUT of `mb` MiB to S3 through the gateway, streamed from a 1 MiB buffer: its status and
// seconds.
int upload(const Endpoint& e, const Args& a, double& seconds) {
  const uint64_t size = static_cast<uint64_t>(a.upload_mb) << 20;
  HttpRequest r;
  r.method = "PUT";
  r.target = "/bench/object";
  r.headers = {{"Host", e.host_header},
               {"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"},
               {"Content-Length", std::to_string(size)}};
  sigv4::SigningParams p;
  p.access_key_id = a.root_key;
  p.secret_access_key = a.root_secret;
  p.service = "s3";
  p.epoch_seconds = static_cast<int64_t>(std::time(nullptr));
  sigv4::sign_request(r, p);
  std::string wire = r.method + " " + r.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : r.headers) wire += name + ": " + value + "\r\n";
  wire += "\r\n";
  const int fd = open_connection(e, false);
  if (fd < 0) return 0;
  const std::string block(1 << 20, 'x');
  const auto start = Clock::now();
  bool ok = ::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(wire.size());
  for (uint64_t sent = 0; ok && sent < size;) {
    const ssize_t n = ::send(fd, block.data(), block.size(), MSG_NOSIGNAL);
    ok = n > 0;
    sent += ok ? static_cast<uint64_t>(n) : 0;
  }
  ResponseParser parser;
  char buf[16384];
  int status = 0;
  while (ok) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    const auto state = n > 0 ? parser.feed(buf, static_cast<size_t>(n)) : parser.finish_at_eof();
    if (state == ResponseParser::State::kComplete) status = parser.status();
    if (state != ResponseParser::State::kIncomplete) break;
  }
  seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  return status;
}

// One GET of `mb` MiB from S3 through the gateway (the fixed upstream sends it chunked), read
// and discarded: its status and seconds.
int download(const Endpoint& e, const Args& a, double& seconds, uint64_t& received) {
  HttpRequest r;
  r.method = "GET";
  r.target = "/download/" + std::to_string(a.upload_mb);
  r.headers = {{"Host", e.host_header}, {"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}};
  sigv4::SigningParams p;
  p.access_key_id = a.root_key;
  p.secret_access_key = a.root_secret;
  p.service = "s3";
  p.epoch_seconds = static_cast<int64_t>(std::time(nullptr));
  sigv4::sign_request(r, p);
  std::string wire = r.method + " " + r.target + " HTTP/1.1\r\nConnection: close\r\n";
  for (const auto& [name, value] : r.headers) wire += name + ": " + value + "\r\n";
  wire += "\r\n";
  const int fd = open_connection(e, false);
  if (fd < 0) return 0;
  const auto start = Clock::now();
  if (::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(wire.size())) {
    ::close(fd);
    return 0;
  }
  // Only the status line is parsed; the rest is counted (chunk framing included) and dropped.
  std::string buf(1 << 20, '\0');
  std::string first;
  received = 0;
  for (;;) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) break;
    if (first.size() < 16) first.append(buf.data(), static_cast<size_t>(std::min<ssize_t>(n, 16)));
    received += static_cast<uint64_t>(n);
  }
  seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  return first.starts_with("HTTP/1.1 ") ? std::atoi(first.c_str() + 9) : 0;
}

double ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) {
    usage();
    return 2;
  }
  if (a.serve) return serve_fixed_upstream(a.port);
  std::string error;
  const auto direct = parse_endpoint(a.direct, &error);
  const auto gateway = parse_endpoint(a.gateway, &error);
  if (!direct || !gateway) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 2;
  }
  LatencyHistogram hd, hg;
  if (!latency(*direct, a, hd) || !latency(*gateway, a, hg)) {
    std::fprintf(stderr, "latency: a request was not answered 200\n");
    return 3;
  }
  std::printf("latency direct:  median %.3f ms, p99 %.3f ms (%llu requests)\n",
              ms(hd.quantile(0.5)), ms(hd.quantile(0.99)),
              static_cast<unsigned long long>(hd.count()));
  std::printf("latency gateway: median %.3f ms, p99 %.3f ms\n", ms(hg.quantile(0.5)),
              ms(hg.quantile(0.99)));
  std::printf("added by the gateway: median %.3f ms, p99 %.3f ms\n",
              ms(hg.quantile(0.5)) - ms(hd.quantile(0.5)),
              ms(hg.quantile(0.99)) - ms(hd.quantile(0.99)));
  uint64_t failed = 0;
  const double rps = throughput(*gateway, a, failed);
  std::printf("throughput through the gateway: %.0f requests/s over %d connections (%llu failed)\n",
              rps, a.connections, static_cast<unsigned long long>(failed));
  if (failed) return 3;
  if (a.upload_mb > 0) {
    const long before = a.server_pid ? status_kib(a.server_pid, "VmRSS:") : -1;
    double seconds = 0;
    const int status = upload(*gateway, a, seconds);
    const long peak = a.server_pid ? status_kib(a.server_pid, "VmHWM:") : -1;
    std::printf(
        "upload of %d MiB: status %d in %.2f s (%.0f MiB/s); server RSS before %.1f MB, "
        "peak %.1f MB\n",
        a.upload_mb, status, seconds, a.upload_mb / seconds, before / 1024.0, peak / 1024.0);
    if (status != 200) return 3;
    uint64_t received = 0;
    const int got = download(*gateway, a, seconds, received);
    const long peak_after = a.server_pid ? status_kib(a.server_pid, "VmHWM:") : -1;
    std::printf(
        "download of %d MiB: status %d, %.0f MiB on the wire in %.2f s (%.0f MiB/s); "
        "server peak RSS %.1f MB\n",
        a.upload_mb, got, received / 1048576.0, seconds, a.upload_mb / seconds,
        peak_after / 1024.0);
    if (got != 200 || received < (static_cast<uint64_t>(a.upload_mb) << 20)) return 3;
  }
  return 0;
}
