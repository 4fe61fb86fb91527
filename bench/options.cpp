// The load generator's command line (options.hpp).
#include "bench/options.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace localiam::bench {
namespace {

// "ACCESS_KEY SECRET" per line; false when the file cannot be read or holds no key.
bool read_writer_keys(const std::string& path, std::vector<Credentials>& out) {
  std::ifstream in(path);
  std::string id, secret;
  while (in >> id >> secret) out.push_back({id, secret, ""});
  return !out.empty();
}

}  // namespace

void print_usage(FILE* out) {
  std::fprintf(
      out,
      "usage: localiam_bench [options]\n"
      "  --endpoint URL       http://HOST:PORT (default http://127.0.0.1:4566)\n"
      "  --workload NAME      %s (default identity)\n"
      "  --connections C      keep-alive connections (default 32)\n"
      "  --duration D         measured seconds (default 10)\n"
      "  --warmup W           seconds of load before measuring (default 1)\n"
      "  --threads T          load threads, each an epoll loop (default 1)\n"
      "  --access-key K       root access key (default test)\n"
      "  --secret-key S       root secret key (default test)\n"
      "  --region R           signing region (default us-east-1)\n"
      "  --attach MODE        mixed: auto|user|group (default auto: AttachUserPolicy\n"
      "                       when the server has it, else through a group)\n"
      "  --read-entities N    read: users and roles to create and read (default 100)\n"
      "  --user-format F      get-user: printf name format (default user%%07d)\n"
      "  --user-count N       get-user: names 1..N exist\n"
      "  --list-after NAME    list-users: the page after this user name\n"
      "  --run-id ID          suffix for created names (default random)\n"
      "  --writer-keys FILE   write: lines \"ACCESS_KEY SECRET\"; call k of connection i\n"
      "                       signs with line (i + k) mod N (spreads CreateUser over accounts)\n"
      "  --json               one JSON object instead of text\n"
      "Start-up probe (no load): --wait-ready health|identity [--endpoint-file LOG]\n"
      "  [--ready-timeout S] polls every millisecond until the server answers 200 (the\n"
      "  endpoint taken from LOG's 'listening on http://HOST:PORT' line when given), then\n"
      "  prints 'ready UNIX_NANOSECONDS ENDPOINT'.\n"
      "Exit status: 0 when every measured request succeeded, 3 when some failed or\n"
      "none succeeded, 2 on bad usage, 1 when set-up against the server failed.\n",
      std::string(workload_names()).c_str());
}

bool parse_options(int argc, char** argv, Options& options) {
  options.workload.name = "identity";
  options.workload.root = {"test", "test", ""};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      std::exit(0);
    }
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "localiam_bench: %s needs a value\n", arg.c_str());
      return false;
    }
    std::string value = argv[++i];
    try {
      if (arg == "--endpoint")
        options.endpoint = value;
      else if (arg == "--workload")
        options.workload.name = value;
      else if (arg == "--connections")
        options.connections = std::stoi(value);
      else if (arg == "--duration")
        options.duration = std::stod(value);
      else if (arg == "--warmup")
        options.warmup = std::stod(value);
      else if (arg == "--threads")
        options.threads = std::stoi(value);
      else if (arg == "--access-key")
        options.workload.root.access_key_id = value;
      else if (arg == "--secret-key")
        options.workload.root.secret_access_key = value;
      else if (arg == "--region")
        options.workload.region = value;
      else if (arg == "--read-entities")
        options.workload.read_entities = std::stoi(value);
      else if (arg == "--user-format")
        options.workload.user_format = value;
      else if (arg == "--user-count")
        options.workload.user_count = std::stoll(value);
      else if (arg == "--list-after")
        options.workload.list_after = value;
      else if (arg == "--run-id")
        options.workload.run_id = value;
      else if (arg == "--writer-keys") {
        if (!read_writer_keys(value, options.workload.writers)) throw std::invalid_argument(arg);
      } else if (arg == "--wait-ready")
        options.wait_ready = value;
      else if (arg == "--endpoint-file")
        options.endpoint_file = value;
      else if (arg == "--ready-timeout")
        options.ready_timeout = std::stod(value);
      else if (arg == "--attach") {
        if (value == "auto")
          options.workload.attach = AttachMode::kAuto;
        else if (value == "user")
          options.workload.attach = AttachMode::kUser;
        else if (value == "group")
          options.workload.attach = AttachMode::kGroup;
        else
          throw std::invalid_argument("attach");
      } else {
        std::fprintf(stderr, "localiam_bench: unknown option %s\n", arg.c_str());
        return false;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "localiam_bench: bad value for %s: %s\n", arg.c_str(), value.c_str());
      return false;
    }
  }
  if (options.connections < 1 || options.threads < 1 || options.duration <= 0 ||
      options.warmup < 0 || options.workload.read_entities < 1) {
    std::fprintf(stderr,
                 "localiam_bench: connections, threads, duration and --read-entities "
                 "must be positive\n");
    return false;
  }
  options.threads = std::min(options.threads, options.connections);
  if (options.workload.run_id.empty()) {
    std::random_device device;
    char id[16];
    std::snprintf(id, sizeof id, "%08x", device());
    options.workload.run_id = id;
  }
  return true;
}

}  // namespace localiam::bench
