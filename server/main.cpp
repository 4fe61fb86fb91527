// localiam's entry point: reads the configuration, opens the database, wires the api layer to
// the HTTP server, prints "listening on http://HOST:PORT" when ready, and exits 0 after an
// orderly stop (SIGINT/SIGTERM).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "api/dispatcher.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "server/access_log.hpp"
#include "server/admin_endpoints.hpp"
#include "server/config.hpp"
#include "server/http_server.hpp"
#include "storage/database.hpp"

namespace {

const char* getenv_lookup(const char* name) { return std::getenv(name); }

}  // namespace

int main(int argc, char** argv) {
  using namespace localiam;
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
    storage::Database db(config.data);
    Clock clock;
    api::ServiceContext service{config.service, db, clock};
    api::Dispatcher dispatcher(service);
    server::AdminEndpoints admin(service);

    server::HttpServerOptions options;
    options.host = config.host;
    options.port = config.port;
    options.threads = config.threads > 0
                          ? config.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const bool access_log = log::enabled(log::Level::kInfo);
    server::HttpServer http(options, [&](HttpRequest&& request) {
      if (request.path().starts_with("/_localiam/")) return admin.handle(request);
      if (!access_log) return dispatcher.handle(request);
      auto start = std::chrono::steady_clock::now();
      api::RequestRecord record;
      HttpResponse response = dispatcher.handle(request, &record);
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
      log::write(log::Level::kInfo, server::access_log_line(record, micros));
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
  } catch (const std::exception& e) {
    std::fprintf(stderr, "localiam: %s\n", e.what());
    return 1;
  }
}
