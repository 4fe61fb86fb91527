#include "server/commands.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "api/action_table.hpp"
#include "common/url_encoding.hpp"
#include "server/decision_lines.hpp"
#include "server/health_probe.hpp"
#include "storage/database.hpp"
#include "storage/state_snapshot.hpp"

namespace localiam::server {

namespace {

bool data_file_exists(const std::string& path) {
  if (path == ":memory:") return true;
  std::ifstream in(path);
  return static_cast<bool>(in);
}

}  // namespace

bool read_file(const std::string& path, std::string& out, std::string& why) {
  if (path == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    out = text.str();
    return true;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    why = errno ? std::strerror(errno) : "Is a directory";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

void remove_data_file(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

// A data file held by a running server is refused; so is one that cannot be opened.
std::optional<storage::DataFileLock> lock_data_file(const std::string& path,
                                                    const char* busy_hint) {
  if (path == ":memory:") return std::nullopt;
  std::optional<storage::DataFileLock> lock(std::in_place, path);
  if (!lock->held()) throw std::runtime_error(lock->error() + (lock->busy() ? busy_hint : ""));
  return lock;
}

int export_command(const Config& config) {
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
  // The export holds every secret key: created readable by its owner only, as the data file.
  int fd = ::open(config.file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  size_t done = 0;
  while (fd >= 0 && done < json.size()) {
    ssize_t n = ::write(fd, json.data() + done, json.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const int reason = errno;
  const bool ok = fd >= 0 && done == json.size() && ::close(fd) == 0;
  if (!ok) {
    std::fprintf(stderr, "localiam: cannot write %s: %s\n", config.file.c_str(),
                 std::strerror(reason));
    return 1;
  }
  return 0;
}

int import_command(const Config& config) {
  if (config.data == ":memory:") {
    std::fprintf(stderr,
                 "localiam: import needs a data file: an import into --data :memory: would be "
                 "lost when this command exits (a running server takes POST /_localiam/state)\n");
    return 2;
  }
  std::string json;
  std::string why;
  if (!read_file(config.file, json, why)) {
    std::fprintf(stderr, "localiam: cannot read %s: %s\n", config.file.c_str(), why.c_str());
    return 1;
  }
  const bool existed = std::filesystem::exists(config.data);
  std::optional<storage::DataFileLock> file_lock = lock_data_file(
      config.data, "; stop it first, or send the state to it with POST /_localiam/state");
  std::string error;
  {
    storage::Database db(config.data);
    auto lock = db.lock();
    error = storage::import_state(db, json);
  }
  if (!error.empty()) {
    if (!existed) remove_data_file(config.data);
    std::fprintf(stderr, "localiam: import failed: %s\n", error.c_str());
    return 1;
  }
  std::printf("localiam: imported %s into %s\n", config.file == "-" ? "stdin" : config.file.c_str(),
              config.data.c_str());
  return 0;
}

int health_command(const Config& config) {
  HealthAnswer answer = probe_health(config.host, config.port, config.timeout_seconds);
  std::printf("%s\n", answer.detail.c_str());
  return answer.healthy ? 0 : 1;
}

namespace {

// True when the admin endpoint answered 200; else says why on stderr, as `localiam COMMAND`.
bool answered_ok(const char* command, const AdminAnswer& answer) {
  if (!answer.answered) {
    std::fprintf(stderr, "localiam %s: %s\n", command, answer.error.c_str());
    return false;
  }
  if (answer.status != 200) {
    std::fprintf(stderr, "localiam %s: %s answered %s: %s\n", command, answer.where.c_str(),
                 answer.status_line.c_str(), answer.body.substr(0, 300).c_str());
    return false;
  }
  return true;
}

// `localiam decisions --follow`: each decision as it is made, one line (and its reason) each.
int follow_decisions(const Config& config, const std::string& path) {
  const bool tty = ::isatty(STDOUT_FILENO) == 1;
  const AdminAnswer answer = admin_follow(
      config.host, config.port, path, config.admin_token, config.timeout_seconds,
      [&config] {
        std::fprintf(stderr,
                     "localiam decisions: following the decisions of %s:%u (Ctrl-C stops)\n",
                     config.host.c_str(), static_cast<unsigned>(config.port));
      },
      [tty](std::string_view data) {
        if (std::optional<std::string> lines =
                decision_lines("{\"decisions\":[" + std::string(data) + "]}", tty)) {
          std::fputs(lines->c_str(), stdout);
          std::fflush(stdout);
        }
      });
  if (!answered_ok("decisions", answer)) return 1;
  return 0;  // the server ended the stream (it stopped)
}

}  // namespace

int decisions_command(const Config& config) {
  std::string path = "/_localiam/decisions?limit=1000";
  if (config.denied_only) path += "&decision=denied";
  if (!config.principal.empty()) path += "&principal=" + uri_encode(config.principal);
  if (config.follow) return follow_decisions(config, path + "&follow=1");
  const AdminAnswer answer = admin_get(config.host, config.port, path, config.admin_token,
                                       config.timeout_seconds, 64u << 20);
  if (!answer.answered) {
    std::fprintf(stderr, "localiam decisions: %s\n", answer.error.c_str());
    return 1;
  }
  std::optional<std::string> lines = answer.status == 200
                                         ? decision_lines(answer.body, ::isatty(STDOUT_FILENO) == 1)
                                         : std::nullopt;
  if (!lines) {
    std::fprintf(stderr, "localiam decisions: %s answered %s: %s\n", answer.where.c_str(),
                 answer.status_line.c_str(), answer.body.substr(0, 300).c_str());
    return 1;
  }
  std::fputs(lines->c_str(), stdout);
  return 0;
}

int suggest_policy_command(const Config& config) {
  if (config.principal.empty()) {
    std::fprintf(stderr,
                 "localiam suggest-policy: name the principal: --principal "
                 "arn:aws:iam::ACCOUNT:user/NAME (or a role's ARN)\n");
    return 2;
  }
  const AdminAnswer answer =
      admin_get(config.host, config.port,
                "/_localiam/policy-suggestion?principal=" + uri_encode(config.principal) +
                    (config.conditions ? "&conditions=1" : ""),
                config.admin_token, config.timeout_seconds, 16u << 20);
  if (!answered_ok("suggest-policy", answer)) return 1;
  std::fputs(answer.body.c_str(), stdout);
  if (!answer.body.ends_with('\n')) std::fputc('\n', stdout);
  return 0;
}

int actions_command() {
  for (const api::Action& action : api::all_actions()) {
    const std::string_view service = api::service_name(action.service);
    std::printf("%.*s %.*s\n", static_cast<int>(service.size()), service.data(),
                static_cast<int>(action.name.size()), action.name.data());
  }
  return 0;
}

}  // namespace localiam::server
