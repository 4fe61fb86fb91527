// localiam's entry point: reads the configuration, then runs the command. `serve` (the
// default) opens the database, creates the seed's entities in an empty database, wires the api
// layer to the HTTP server, prints "listening on http://HOST:PORT" when ready, and exits 0 after
// an orderly stop (SIGINT/SIGTERM). `export`/`import` copy the state of a data file to/from JSON;
// `health` asks a running server for its health check (exit 0 when healthy).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/action_table.hpp"
#include "api/dispatcher.hpp"
#include "auth/authorization_memo.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "server/access_log.hpp"
#include "server/admin_endpoints.hpp"
#include "server/config.hpp"
#include "server/health_probe.hpp"
#include "server/http_server.hpp"
#include "server/metrics.hpp"
#include "server/seed.hpp"
#include "storage/database.hpp"
#include "storage/state_snapshot.hpp"

namespace {

using namespace localiam;

const char* getenv_lookup(const char* name) { return std::getenv(name); }

bool read_file(const std::string& path, std::string& out) {
  if (path == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    out = text.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

// Reads and checks the seed file: its shape, then every entity on a scratch in-memory
// database, so that a bad seed stops the start with its line and field whatever the data file
// holds. Exits the process with status 2 on error.
std::optional<server::Seed> load_seed(const server::Config& config) {
  if (config.seed.empty()) return std::nullopt;
  std::string text;
  if (!read_file(config.seed, text)) {
    std::fprintf(stderr, "localiam: cannot read the seed file %s\n", config.seed.c_str());
    std::exit(2);
  }
  std::string error;
  std::optional<server::Seed> seed =
      server::Seed::parse(text, config.seed, config.service.default_account_id, error);
  if (seed) {
    storage::Database scratch(":memory:");
    Clock clock;
    api::ServiceContext service{config.service, scratch, clock};
    auto lock = scratch.lock();
    storage::Transaction tx(scratch);
    error = seed->apply(service);
  }
  if (!error.empty()) {
    std::fprintf(stderr, "localiam: bad seed: %s\n", error.c_str());
    std::exit(2);
  }
  return seed;
}

bool database_is_empty(storage::Database& db) {
  for (const auto& [table, rows] : storage::table_row_counts(db))
    if (rows) return false;
  return true;
}

int serve(const server::Config& config) {
  // A data file that reaches the file-size limit must fail the write (SQLite then reports it and
  // the request answers ServiceFailure), not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  std::optional<server::Seed> seed = load_seed(config);
  storage::Database db(config.data);
  Clock clock;
  api::AuthorizationMemo authorization_memo;
  api::ServiceContext service{config.service, db, clock, &authorization_memo};
  if (seed) {
    auto lock = db.lock();
    if (database_is_empty(db)) {
      storage::Transaction tx(db);
      std::string error = seed->apply(service);
      if (!error.empty()) throw std::runtime_error("seed: " + error);
      tx.commit();
      log::message(log::Level::kInfo, "seeded from " + config.seed + ": " + seed->summary());
    } else {
      log::message(log::Level::kInfo, config.data + " already holds state: the seed " +
                                          config.seed +
                                          " was not applied (POST /_localiam/reset "
                                          "restores it)");
    }
  }
  api::Dispatcher dispatcher(service);
  server::Metrics metrics;
  server::AdminEndpoints admin(service, seed ? &*seed : nullptr, &metrics,
                               {config.admin_enabled, config.admin_token});

  server::HttpServerOptions options;
  options.host = config.host;
  options.port = config.port;
  // By default one thread per two cores. Every request that reads or writes the database
  // holds its lock, so more threads mostly hand that lock back and forth; and a local emulator
  // shares the machine with the test suite that calls it (measurements in bench/README.md).
  options.threads = config.threads > 0
                        ? config.threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  const bool access_log = log::enabled(log::Level::kInfo);
  server::HttpServer http(options, [&](HttpRequest&& request) {
    if (request.path().starts_with("/_localiam/") ||
        request.path() == "/.well-known/openid-configuration")
      return admin.handle(request);
    auto start = std::chrono::steady_clock::now();
    api::RequestRecord record;
    HttpResponse response = dispatcher.handle(request, &record);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
    metrics.record(record, micros);
    if (access_log) log::write(log::Level::kInfo, server::access_log_line(record, micros));
    return response;
  });
  http.listen();
  std::printf("localiam %s listening on http://%s:%u (auth %s, data %s)\n", LOCALIAM_VERSION,
              config.host.c_str(), static_cast<unsigned>(http.port()),
              server::auth_mode_name(config.service.auth_mode), config.data.c_str());
  std::fflush(stdout);
  http.run();
  std::printf("localiam stopped\n");
  return 0;
}

bool data_file_exists(const std::string& path) {
  if (path == ":memory:") return true;
  std::ifstream in(path);
  return static_cast<bool>(in);
}

int export_command(const server::Config& config) {
  if (!data_file_exists(config.data)) {
    std::fprintf(stderr, "localiam: no data file %s\n", config.data.c_str());
    return 1;
  }
  storage::Database db(config.data);
  std::string json;
  {
    auto lock = db.lock();
    json = storage::export_state(db);
  }
  if (config.file == "-") {
    std::fwrite(json.data(), 1, json.size(), stdout);
    return 0;
  }
  std::ofstream out(config.file, std::ios::binary | std::ios::trunc);
  out << json;
  if (!out.flush()) {
    std::fprintf(stderr, "localiam: cannot write %s\n", config.file.c_str());
    return 1;
  }
  return 0;
}

int import_command(const server::Config& config) {
  std::string json;
  if (!read_file(config.file, json)) {
    std::fprintf(stderr, "localiam: cannot read %s\n", config.file.c_str());
    return 1;
  }
  storage::Database db(config.data);
  std::string error;
  {
    auto lock = db.lock();
    error = storage::import_state(db, json);
  }
  if (!error.empty()) {
    std::fprintf(stderr, "localiam: import failed: %s\n", error.c_str());
    return 1;
  }
  std::printf("localiam: imported %s into %s\n", config.file == "-" ? "stdin" : config.file.c_str(),
              config.data.c_str());
  return 0;
}

int health_command(const server::Config& config) {
  server::HealthAnswer answer =
      server::probe_health(config.host, config.port, config.timeout_seconds);
  std::printf("%s\n", answer.detail.c_str());
  return answer.healthy ? 0 : 1;
}

}  // namespace

// One line per action, "iam CreateUser", sorted by service and name (the README's table of
// supported actions is generated from this).
int actions_command() {
  for (const api::Action& action : api::all_actions())
    std::printf("%s %.*s\n", action.service == api::Service::kIam ? "iam" : "sts",
                static_cast<int>(action.name.size()), action.name.data());
  return 0;
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  server::ConfigOutcome outcome = server::parse_config(args, getenv_lookup);
  switch (outcome.kind) {
    case server::ConfigOutcome::Kind::kHelp:
      std::fputs(server::help_text().c_str(), stdout);
      return 0;
    case server::ConfigOutcome::Kind::kVersion:
      std::printf("localiam %s\n", LOCALIAM_VERSION);
      return 0;
    case server::ConfigOutcome::Kind::kError:
      std::fprintf(stderr, "localiam: %s (see --help)\n", outcome.message.c_str());
      return 2;
    case server::ConfigOutcome::Kind::kRun:
      break;
  }
  const server::Config& config = outcome.config;
  log::Level level = log::Level::kInfo;
  log::parse_level(config.log_level, level);
  log::set_level(level);

  try {
    switch (outcome.command) {
      case server::Command::kServe:
        return serve(config);
      case server::Command::kExport:
        return export_command(config);
      case server::Command::kImport:
        return import_command(config);
      case server::Command::kHealth:
        return health_command(config);
      case server::Command::kActions:
        return actions_command();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "localiam: %s\n", e.what());
    return 1;
  }
  return 0;
}
