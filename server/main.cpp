// localiam's entry point: reads the configuration, then runs the command. `serve` (the
// default) opens the database, creates the seed's entities in an empty database, builds the route
// table (server/routes.hpp) and starts the HTTP server on it, prints "listening on
// http://HOST:PORT" when ready, and exits 0 after an orderly stop (SIGINT/SIGTERM). The other
// commands (export, import, health, actions) are in server/commands.hpp.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/dispatcher.hpp"
#include "auth/authorization_memo.hpp"
#include "auth/decision_log.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "gateway/gateway.hpp"
#include "gateway/upstream_url.hpp"
#include "server/admin_endpoints.hpp"
#include "server/analyzer_route.hpp"
#include "server/aws_route.hpp"
#include "server/commands.hpp"
#include "server/config.hpp"
#include "server/console_route.hpp"
#include "server/decision_follow.hpp"
#include "server/gateway_route.hpp"
#include "server/http_server.hpp"
#include "server/metrics.hpp"
#include "server/routes.hpp"
#include "server/seed.hpp"
#include "server/seed_progress.hpp"
#include "storage/data_file_lock.hpp"
#include "storage/database.hpp"
#include "storage/state_snapshot.hpp"

namespace {

using namespace localiam;

const char* getenv_lookup(const char* name) { return std::getenv(name); }

// Reads and checks the shape of the seed file. Exits the process with status 2 on error.
std::optional<server::Seed> load_seed(const server::Config& config) {
  if (config.seed.empty()) return std::nullopt;
  std::string text;
  std::string why;
  if (!server::read_file(config.seed, text, why)) {
    std::fprintf(stderr, "localiam: cannot read the seed file %s: %s\n", config.seed.c_str(),
                 why.c_str());
    std::exit(2);
  }
  std::string error;
  std::optional<server::Seed> seed =
      server::Seed::parse(text, config.seed, config.service.default_account_id, error);
  if (!seed) {
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

// Creates the seed's entities in one transaction; "" or why not (the transaction then rolled
// back). SIGINT/SIGTERM stop it (Seed::kInterrupted).
std::string apply_seed(const server::Seed& seed, const api::ServiceContext& service) {
  server::SeedProgress progress(seed.steps().size());
  auto lock = service.db.lock();
  storage::Transaction tx(service.db);
  std::string error = seed.apply(service, std::ref(progress));
  if (error.empty()) tx.commit();
  return error;
}

// Addresses that only this machine can reach.
bool is_loopback(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "::1" || host == "[::1]";
}

// An IPv6 address in a URL is bracketed.
std::string url_host(const std::string& host) {
  if (host.find(':') != std::string::npos && !host.starts_with("[")) return "[" + host + "]";
  return host;
}

// What --log-level debug shows of the settings at start (no secrets).
std::string settings_line(const server::Config& config) {
  const char* admin = !config.admin_enabled        ? "off"
                      : config.admin_token.empty() ? "on, no token"
                                                   : "on, token required";
  return "settings: host " + config.host + ", port " + std::to_string(config.port) + ", data " +
         config.data + ", auth " + server::auth_mode_name(config.service.auth_mode) + ", account " +
         config.service.default_account_id + ", seed " +
         (config.seed.empty() ? "none" : config.seed) + ", config file " +
         (config.config_file.empty() ? "none" : config.config_file) + ", admin " + admin +
         ", upstream " + (config.upstream.empty() ? "none" : config.upstream) +
         (config.upstream_services.empty() ? "" : " (+ per-service upstreams)");
}

// Creates the seed in an empty database, or checks it on a scratch one when the database
// already holds state (reset would apply it). Returns 0 to go on, else the exit status: 2 for a
// bad seed, 130 when SIGINT or SIGTERM stopped it. A data file this start created is closed and
// removed when the seed fails.
int seed_at_start(const server::Seed& seed, const server::Config& config,
                  const api::ServiceContext& service, std::optional<storage::Database>& db,
                  bool existed) {
  bool empty = false;
  {
    auto lock = db->lock();
    empty = database_is_empty(*db);
  }
  if (empty) {
    // Only a large seed is announced: a small one is done before anyone would wonder.
    if (seed.steps().size() >= 1000)
      log::message(log::Level::kInfo, "seeding " + config.data + " from " + config.seed + " (" +
                                          std::to_string(seed.steps().size()) + " steps)");
    std::string error = apply_seed(seed, service);
    if (!error.empty()) {
      db.reset();
      if (!existed) server::remove_data_file(config.data);
      if (error == server::Seed::kInterrupted) {
        std::fprintf(stderr, "localiam: interrupted while seeding; nothing was written%s\n",
                     existed ? "" : " (the new data file was removed)");
        return 130;
      }
      std::fprintf(stderr, "localiam: bad seed: %s\n", error.c_str());
      return 2;
    }
    log::message(log::Level::kInfo, "seeded from " + config.seed + ": " + seed.summary());
  } else {
    // The seed is still checked, on a scratch database, so that a bad seed stops the start
    // with its line and field whatever the data file holds (reset would apply it).
    storage::Database scratch(":memory:");
    api::ServiceContext scratch_service{config.service, scratch, service.clock};
    std::string error = apply_seed(seed, scratch_service);
    if (error == server::Seed::kInterrupted) {
      std::fprintf(stderr, "localiam: interrupted while checking the seed\n");
      return 130;
    }
    if (!error.empty()) {
      std::fprintf(stderr, "localiam: bad seed: %s\n", error.c_str());
      return 2;
    }
    log::message(log::Level::kInfo, config.data + " already holds state: the seed " + config.seed +
                                        " was not applied (POST /_localiam/reset "
                                        "restores it)");
  }
  return 0;
}

int serve(const server::Config& config) {
  // A data file that reaches the file-size limit must fail the write (SQLite then reports it and
  // the request answers ServiceFailure), not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  log::message(log::Level::kDebug, settings_line(config));
  std::optional<server::Seed> seed = load_seed(config);
  const bool memory = config.data == ":memory:";
  const bool existed = memory || std::filesystem::exists(config.data);
  std::optional<storage::DataFileLock> file_lock =
      server::lock_data_file(config.data, "; stop it, or give this one another --data file");
  std::optional<storage::Database> db;
  try {
    db.emplace(config.data);
  } catch (...) {
    if (!existed) server::remove_data_file(config.data);
    throw;
  }
  Clock clock;
  api::AuthorizationMemo authorization_memo;
  api::DecisionLog decisions(config.decisions);
  api::ServiceContext service{config.service, *db, clock, &authorization_memo, &decisions};
  if (seed) {
    if (int status = seed_at_start(*seed, config, service, db, existed); status != 0) return status;
  }
  api::Dispatcher dispatcher(service);
  server::Metrics metrics;
  server::AdminEndpoints admin(service, seed ? &*seed : nullptr, &metrics,
                               {config.admin_enabled, config.admin_token});
  server::DecisionFollowers followers(decisions);
  admin.set_followers(&followers);

  server::HttpServerOptions options;
  options.host = config.host;
  options.port = config.port;
  // By default one thread per two cores. Every request that reads or writes the database
  // holds its lock, so more threads mostly hand that lock back and forth; and a local emulator
  // shares the machine with the test suite that calls it (measurements in bench/README.md).
  options.on_stop = [&followers] { followers.stop(); };  // the decision streams end
  options.threads = config.threads > 0
                        ? config.threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  server::RouteTable routes;
  // The web console, when the admin endpoints are on (they guard its JSON).
  server::ConsoleRoute console(service, dispatcher);
  if (config.admin_enabled) console.add_rows(routes);
  admin.add_routes(routes);
  // IAM Access Analyzer's policy checks, served here even with --upstream.
  server::AnalyzerRoute analyzer(service, metrics);
  routes.add(analyzer.row());
  // --upstream: requests for other services are authorised and forwarded (gateway/).
  std::optional<gateway::Gateway> gateway;
  if (!config.upstream.empty() || !config.upstream_services.empty()) {
    std::string why;
    gateway::GatewayOptions options;
    if (!config.upstream.empty())
      options.upstream = *gateway::parse_upstream_url(config.upstream, why);
    for (const auto& [name, url] : config.upstream_services)
      options.service_upstreams.emplace_back(name, *gateway::parse_upstream_url(url, why));
    options.allow_unmapped = config.gateway_unmapped_allow;
    options.keys = {config.upstream_access_key, config.upstream_secret_key};
    gateway.emplace(service, std::move(options));
    metrics.show_forwarded(&gateway->counts());
    std::string where = config.upstream.empty()
                            ? std::string("no default upstream")
                            : "the upstream " + gateway->options().upstream.text();
    for (const auto& [name, url] : gateway->options().service_upstreams)
      where += ", " + name + " to " + url.text();
    log::message(log::Level::kInfo, "forwarding other services to " + where +
                                        (config.gateway_unmapped_allow
                                             ? " (operations not mapped are let through, logged)"
                                             : ""));
  }
  // Requests for other services go through a route whose workers wait for the upstream (a
  // Query-protocol one whose action is IAM's or STS's, signed for the wrong service, is handed
  // back to aws_route's handler, which refuses it as AWS does).
  server::Route aws = server::aws_route(dispatcher, metrics, gateway ? &*gateway : nullptr);
  std::optional<server::GatewayRoute> gateway_route;
  if (gateway) {
    gateway_route.emplace(*gateway, options.body_limit, aws.buffered);
    routes.add(gateway_route->row());
  }
  routes.set_fallback(std::move(aws));
  server::HttpServer http(options, [&routes](const HttpRequest& head) -> const server::Route& {
    return routes.pick(head);
  });
  http.listen();
  const std::string public_url = !config.public_url.empty() ? config.public_url
                                                            : "http://" + url_host(config.host) +
                                                                  ":" + std::to_string(http.port());
  const bool exposed =
      !is_loopback(config.host) && config.admin_enabled && config.admin_token.empty();
  admin.set_facts({LOCALIAM_VERSION, server::auth_mode_name(config.service.auth_mode), config.data,
                   public_url,
                   !config.admin_enabled        ? "off"
                   : config.admin_token.empty() ? "open"
                                                : "token",
                   exposed});
  if (exposed)
    log::message(log::Level::kWarn, "WARNING: " + server::exposed_warning() +
                                        ". Start it with --admin-token TOKEN (or --admin off).");
  log::message(log::Level::kDebug, "OIDC issuer: " + public_url + "/_localiam/oidc");
  std::printf("localiam %s listening on http://%s:%u (auth %s, data %s)\n", LOCALIAM_VERSION,
              config.host.c_str(), static_cast<unsigned>(http.port()),
              server::auth_mode_name(config.service.auth_mode), config.data.c_str());
  std::fflush(stdout);
  http.run();
  if (gateway_route) gateway_route->wait();  // its workers write to the server's connections
  std::printf("localiam stopped\n");
  return 0;
}

}  // namespace

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
        return server::export_command(config);
      case server::Command::kImport:
        return server::import_command(config);
      case server::Command::kHealth:
        return server::health_command(config);
      case server::Command::kDecisions:
        return server::decisions_command(config);
      case server::Command::kSuggestPolicy:
        return server::suggest_policy_command(config);
      case server::Command::kActions:
        return server::actions_command();
      case server::Command::kHelp:
      case server::Command::kVersion:
        break;  // answered above
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "localiam: %s\n", e.what());
    return 1;
  }
  return 0;
}
