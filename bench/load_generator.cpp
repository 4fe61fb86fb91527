// localiam_bench: the load generator. Runs C keep-alive HTTP/1.1 connections against an AWS
// Query endpoint (localiam or any IAM/STS emulator) for a warm-up and then D measured seconds,
// every request signed with localiam's own SigV4 signer, and reports requests/s, cycles/s (mixed
// workload), errors (non-2xx answers and failed connections) and latency percentiles from a
// log-linear histogram. One epoll loop per thread (one thread by default) keeps the generator
// cheap, so that on a small machine most of the CPU goes to the server being measured.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/http_client.hpp"
#include "bench/latency_histogram.hpp"
#include "bench/options.hpp"
#include "bench/ready_probe.hpp"
#include "bench/workloads.hpp"

namespace localiam::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

// What one load thread saw inside the measured window.
struct Tally {
  LatencyHistogram latency;
  uint64_t ok = 0;
  uint64_t errors = 0;            // answers outside 2xx
  uint64_t transport_errors = 0;  // connections refused, reset or closed mid-answer
  uint64_t reconnects = 0;        // connections the server closed after an answer
  uint64_t cycles = 0;
  std::map<std::string, uint64_t> error_kinds;  // "409 EntityAlreadyExists" -> count

  void merge(const Tally& other) {
    latency.merge(other.latency);
    ok += other.ok;
    errors += other.errors;
    transport_errors += other.transport_errors;
    reconnects += other.reconnects;
    cycles += other.cycles;
    for (const auto& [kind, n] : other.error_kinds) error_kinds[kind] += n;
  }
};

struct Connection {
  int fd = -1;
  bool connecting = false;
  bool out_armed = false;  // EPOLLOUT registered
  std::unique_ptr<Script> script;
  std::string out;  // the signed request in wire form
  size_t out_sent = 0;
  // What `out` was signed from, to reuse it for the same call within the same second.
  int64_t signed_at = 0;
  std::string last_body;
  std::string_view last_service;
  const Credentials* last_credentials = nullptr;
  std::string last_access_key_id;
  ResponseParser parser;
  SteadyClock::time_point sent_at;
  SteadyClock::time_point retry_at;  // after a failure, reconnect no sooner than this
  bool waiting_retry = false;
};

// One epoll loop driving its share of the connections until `end`.
class LoadThread {
 public:
  LoadThread(const Options& options, const Endpoint& endpoint, std::vector<int> indexes,
             SteadyClock::time_point measure_from, SteadyClock::time_point end)
      : options_(options), endpoint_(endpoint), measure_from_(measure_from), end_(end) {
    for (int index : indexes) {
      auto c = std::make_unique<Connection>();
      c->script = make_script(options.workload, index);
      connections_.push_back(std::move(c));
    }
  }

  ~LoadThread() {
    for (auto& c : connections_)
      if (c->fd >= 0) ::close(c->fd);
    if (epoll_ >= 0) ::close(epoll_);
  }

  void run() {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) {
      std::perror("epoll_create1");
      return;
    }
    for (auto& c : connections_) send_next(*c);
    epoll_event events[256];
    while (true) {
      auto now = SteadyClock::now();
      if (now >= end_) break;
      for (auto& c : connections_)
        if (c->waiting_retry && now >= c->retry_at) {
          c->waiting_retry = false;
          send_next(*c);
        }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - now).count();
      int timeout = static_cast<int>(std::min<int64_t>(10, left + 1));
      int n = ::epoll_wait(epoll_, events, 256, timeout);
      if (n < 0 && errno != EINTR) {
        std::perror("epoll_wait");
        return;
      }
      for (int i = 0; i < n; ++i)
        handle(*static_cast<Connection*>(events[i].data.ptr), events[i].events);
    }
  }

  const Tally& tally() const { return tally_; }

 private:
  bool measuring(SteadyClock::time_point t) const { return t >= measure_from_ && t < end_; }

  // Builds and sends the script's next request, connecting first when needed. The latency
  // clock starts here, so a server that closes every connection pays for reconnecting.
  // The same call in the same second signs to the same bytes (identity, list-users), so those
  // are reused rather than signed again: the server still verifies every request, and the
  // generator leaves more of the machine to it.
  void send_next(Connection& c) {
    Call call;
    c.script->next(call);
    const auto epoch = static_cast<int64_t>(time(nullptr));
    const bool same = !c.out.empty() && epoch == c.signed_at && call.body == c.last_body &&
                      call.service == c.last_service && call.credentials == c.last_credentials &&
                      call.credentials->access_key_id == c.last_access_key_id;
    if (!same) {
      HttpRequest request = build_request(endpoint_, options_.workload.region, call, epoch);
      c.out.clear();
      append_wire_request(request, c.out);
      c.signed_at = epoch;
      c.last_body = std::move(call.body);
      c.last_service = call.service;
      c.last_credentials = call.credentials;
      c.last_access_key_id = call.credentials->access_key_id;
    }
    c.out_sent = 0;
    c.parser.reset();
    c.sent_at = SteadyClock::now();
    if (c.fd < 0) {
      connect(c);
      return;
    }
    flush(c);
  }

  void connect(Connection& c) {
    c.fd = open_connection(endpoint_, /*non_blocking=*/true);
    if (c.fd < 0) {
      fail(c);
      return;
    }
    c.connecting = true;
    c.out_armed = true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.ptr = &c;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev) != 0) fail(c);
  }

  void arm_out(Connection& c, bool on) {
    if (c.out_armed == on) return;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.ptr = &c;
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    c.out_armed = on;
  }

  void flush(Connection& c) {
    while (c.out_sent < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        arm_out(c, true);
        return;
      }
      fail(c);
      return;
    }
    arm_out(c, false);
  }

  void handle(Connection& c, uint32_t events) {
    if (c.fd < 0) return;
    if (c.connecting) {
      if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
      int error = 0;
      socklen_t len = sizeof error;
      ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &len);
      if (error != 0 || (events & EPOLLERR)) {
        fail(c);
        return;
      }
      c.connecting = false;
      flush(c);
      return;
    }
    if ((events & EPOLLOUT) && c.out_sent < c.out.size()) flush(c);
    if (c.fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) read(c);
  }

  void read(Connection& c) {
    static thread_local char buffer[65536];
    while (true) {
      ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        auto state = c.parser.feed(buffer, static_cast<size_t>(n));
        if (state == ResponseParser::State::kComplete) return complete(c);
        if (state == ResponseParser::State::kError) return fail(c);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      // End of stream or a reset.
      if (n == 0 && c.parser.finish_at_eof() == ResponseParser::State::kComplete)
        return complete(c);
      return fail(c);
    }
  }

  void complete(Connection& c) {
    auto now = SteadyClock::now();
    const int status = c.parser.status();
    const bool cycle = c.script->on_response(status, c.parser.body());
    if (measuring(now)) {
      tally_.latency.record(static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent_at).count()));
      if (status >= 200 && status < 300) {
        ++tally_.ok;
      } else {
        ++tally_.errors;
        std::string code = xml_text(c.parser.body(), "Code");
        ++tally_.error_kinds[std::to_string(status) + (code.empty() ? "" : " " + code)];
      }
      if (cycle) ++tally_.cycles;
    }
    if (!c.parser.keep_alive()) {
      close_connection(c);
      if (measuring(now)) ++tally_.reconnects;
    }
    send_next(c);
  }

  void close_connection(Connection& c) {
    if (c.fd >= 0) ::close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    c.connecting = false;
    c.out_armed = false;
  }

  // A connection failed: the script learns the call got no answer, and the connection is
  // retried shortly (a refused connect would otherwise spin).
  void fail(Connection& c) {
    auto now = SteadyClock::now();
    close_connection(c);
    c.script->on_response(0, {});
    if (measuring(now)) {
      ++tally_.transport_errors;
      ++tally_.error_kinds["connection failed"];
    }
    c.waiting_retry = true;
    c.retry_at = now + std::chrono::milliseconds(10);
  }

  const Options& options_;
  const Endpoint& endpoint_;
  SteadyClock::time_point measure_from_;
  SteadyClock::time_point end_;
  std::vector<std::unique_ptr<Connection>> connections_;
  int epoll_ = -1;
  Tally tally_;
};

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  return out;
}

double ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

void report(const Options& options, const Tally& t, double seconds) {
  const uint64_t requests = t.ok + t.errors + t.transport_errors;
  const double rps = static_cast<double>(requests) / seconds;
  const double cps = static_cast<double>(t.cycles) / seconds;
  const char* attach = options.workload.attach == AttachMode::kUser    ? "user"
                       : options.workload.attach == AttachMode::kGroup ? "group"
                                                                       : "auto";
  const auto& h = t.latency;
  if (options.json) {
    std::printf(
        "{\"workload\":\"%s\",\"endpoint\":\"%s\",\"connections\":%d,\"threads\":%d,"
        "\"duration_s\":%.3f,\"requests\":%llu,\"ok\":%llu,\"errors\":%llu,"
        "\"transport_errors\":%llu,\"reconnects\":%llu,\"requests_per_s\":%.1f,\"cycles\":%llu,"
        "\"cycles_per_s\":%.2f,\"attach\":\"%s\",\"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,"
        "\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f,\"mean\":%.3f},\"error_kinds\":{",
        json_escape(options.workload.name).c_str(), json_escape(options.endpoint).c_str(),
        options.connections, options.threads, seconds, static_cast<unsigned long long>(requests),
        static_cast<unsigned long long>(t.ok), static_cast<unsigned long long>(t.errors),
        static_cast<unsigned long long>(t.transport_errors),
        static_cast<unsigned long long>(t.reconnects), rps,
        static_cast<unsigned long long>(t.cycles), cps, attach, ms(h.quantile(0.5)),
        ms(h.quantile(0.9)), ms(h.quantile(0.99)), ms(h.quantile(0.999)), ms(h.max()),
        h.mean() / 1e6);
    bool first = true;
    for (const auto& [kind, n] : t.error_kinds) {
      std::printf("%s\"%s\":%llu", first ? "" : ",", json_escape(kind).c_str(),
                  static_cast<unsigned long long>(n));
      first = false;
    }
    std::printf("}}\n");
    return;
  }
  std::printf("workload     %s (%s)\n", options.workload.name.c_str(), options.endpoint.c_str());
  std::printf("connections  %d on %d thread(s), %.2f s measured after %.2f s warm-up\n",
              options.connections, options.threads, seconds, options.warmup);
  std::printf("requests     %llu (%.1f/s), ok %llu, errors %llu, connection failures %llu\n",
              static_cast<unsigned long long>(requests), rps, static_cast<unsigned long long>(t.ok),
              static_cast<unsigned long long>(t.errors),
              static_cast<unsigned long long>(t.transport_errors));
  if (options.workload.name == "mixed")
    std::printf("cycles       %llu (%.2f/s), attach via %s\n",
                static_cast<unsigned long long>(t.cycles), cps, attach);
  if (t.reconnects)
    std::printf("reconnects   %llu (the server closed the connection after answering)\n",
                static_cast<unsigned long long>(t.reconnects));
  std::printf("latency ms   p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n",
              ms(h.quantile(0.5)), ms(h.quantile(0.9)), ms(h.quantile(0.99)), ms(h.quantile(0.999)),
              ms(h.max()), h.mean() / 1e6);
  for (const auto& [kind, n] : t.error_kinds)
    std::printf("error        %s x %llu\n", kind.c_str(), static_cast<unsigned long long>(n));
}

int run(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    print_usage(stderr);
    return 2;
  }
  if (!options.wait_ready.empty()) return wait_ready(options);
  std::string error;
  auto endpoint = parse_endpoint(options.endpoint, &error);
  if (!endpoint) {
    std::fprintf(stderr, "localiam_bench: %s\n", error.c_str());
    return 2;
  }
  {
    BlockingClient client(*endpoint);
    if (!prepare(options.workload, client, *endpoint, &error)) {
      std::fprintf(stderr, "localiam_bench: %s\n", error.c_str());
      return 1;
    }
  }

  const auto start = SteadyClock::now();
  const auto measure_from = start + std::chrono::duration_cast<SteadyClock::duration>(
                                        std::chrono::duration<double>(options.warmup));
  const auto end = measure_from + std::chrono::duration_cast<SteadyClock::duration>(
                                      std::chrono::duration<double>(options.duration));
  std::vector<std::unique_ptr<LoadThread>> loads;
  for (int t = 0; t < options.threads; ++t) {
    std::vector<int> indexes;
    for (int i = t; i < options.connections; i += options.threads) indexes.push_back(i);
    loads.push_back(
        std::make_unique<LoadThread>(options, *endpoint, std::move(indexes), measure_from, end));
  }
  std::vector<std::thread> threads;
  for (size_t t = 1; t < loads.size(); ++t) threads.emplace_back([&, t] { loads[t]->run(); });
  loads[0]->run();
  for (auto& thread : threads) thread.join();

  Tally total;
  for (const auto& load : loads) total.merge(load->tally());
  report(options, total, options.duration);
  const bool all_ok = total.ok > 0 && total.errors == 0 && total.transport_errors == 0;
  return all_ok ? 0 : 3;
}

}  // namespace
}  // namespace localiam::bench

int main(int argc, char** argv) { return localiam::bench::run(argc, argv); }
