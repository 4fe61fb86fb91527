#include "server/config.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace localiam::server;

namespace {

std::map<std::string, std::string> g_env;

const char* fake_env(const char* name) {
  auto it = g_env.find(name);
  return it == g_env.end() ? nullptr : it->second.c_str();
}

}  // namespace

TEST_CASE("defaults follow the design's command line", "[server]") {
  g_env.clear();
  auto out = parse_config({}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.host == "127.0.0.1");
  CHECK(out.config.port == 4566);
  CHECK(out.config.data == "./localiam.db");
  CHECK(out.config.service.default_account_id == "000000000000");
  CHECK(out.config.service.auth_mode == localiam::api::AuthMode::kOpen);
  CHECK(out.config.service.root_access_key == "test");
}

TEST_CASE("environment variables apply and flags win", "[server]") {
  g_env = {{"LOCALIAM_PORT", "5000"}, {"LOCALIAM_AUTH", "verify"}, {"LOCALIAM_DATA", ":memory:"}};
  auto out = parse_config({"--port", "0", "--account-id=123456789012"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.port == 0);
  CHECK(out.config.data == ":memory:");
  CHECK(out.config.service.auth_mode == localiam::api::AuthMode::kVerify);
  CHECK(out.config.service.default_account_id == "123456789012");
  g_env.clear();
}

TEST_CASE("bad settings are reported, help and version recognised", "[server]") {
  g_env.clear();
  CHECK(parse_config({"--port", "70000"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--auth", "maybe"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--account-id", "12"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--nope", "1"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--port"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--help"}, fake_env).kind == ConfigOutcome::Kind::kHelp);
  CHECK(parse_config({"--version"}, fake_env).kind == ConfigOutcome::Kind::kVersion);
  CHECK(help_text().find("LOCALIAM_ROOT_SECRET_KEY") != std::string::npos);
}

namespace {

struct TempConfig {
  std::string path;
  explicit TempConfig(const std::string& text)
      : path(std::filesystem::temp_directory_path() /
             ("localiam_config_test_" + std::to_string(::getpid()) + ".conf")) {
    std::ofstream(path) << text;
  }
  ~TempConfig() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("a config file applies under the environment and the flags", "[server][config]") {
  TempConfig file(
      "# comment\n\nport = 5001\nauth = verify\n  data = \"/tmp/x.db\"\nhost=0.0.0.0\n");
  g_env = {{"LOCALIAM_PORT", "5002"}};
  auto out = parse_config({"--config", file.path, "--host", "127.0.0.2"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.port == 5002);         // the environment wins over the file
  CHECK(out.config.host == "127.0.0.2");  // a flag wins over the file
  CHECK(out.config.data == "/tmp/x.db");  // quotes are removed
  CHECK(out.config.service.auth_mode == localiam::api::AuthMode::kVerify);
  CHECK(out.config.config_file == file.path);

  g_env = {{"LOCALIAM_CONFIG", file.path}};
  out = parse_config({}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.port == 5001);
  g_env.clear();
}

TEST_CASE("config file errors name the file and the line", "[server][config]") {
  Config c;
  CHECK(apply_config_text(c, "port = 1\n\nbogus = 2\n", "x.conf") ==
        "x.conf:3: unknown option bogus");
  CHECK(apply_config_text(c, "port\n", "x.conf") == "x.conf:1: expected `option = value`");
  CHECK(apply_config_text(c, "# c\nport = 99999\n", "x.conf") ==
        "x.conf:2: --port must be a number from 0 to 65535 (read \"99999\")");
  CHECK(apply_config_text(c, "config = other\n", "x.conf").starts_with("x.conf:1:"));
  g_env.clear();
  auto out = parse_config({"--config", "/nonexistent/localiam.conf"}, fake_env);
  CHECK(out.kind == ConfigOutcome::Kind::kError);
  CHECK(out.message.find("/nonexistent/localiam.conf") != std::string::npos);
}

TEST_CASE("config file comments, both spellings of a name, paths relative to the file",
          "[server][config]") {
  Config c;
  CHECK(apply_config_text(c, "auth = verify  # for CI\nlog_level = debug # loud\n", "x.conf") ==
        "");
  CHECK(c.service.auth_mode == localiam::api::AuthMode::kVerify);
  CHECK(c.log_level == "debug");
  CHECK(apply_config_text(c, "admin_token = ab#cd\nroot-access-key = \"k #1\"\n", "x.conf") == "");
  CHECK(c.admin_token == "ab#cd");
  CHECK(c.service.root_access_key == "k #1");
  CHECK(apply_config_text(c, "auth = verify# x\n", "x.conf") ==
        "x.conf:1: --auth must be open, verify, enforce or audit (read \"verify# x\")");
  CHECK(apply_config_text(c, "admin-token =\nroot-secret-key = s\nthreads = lots\n", "x.conf") ==
        "x.conf:3: --threads must be a number from 0 to 256 (read \"lots\")");

  CHECK(apply_config_text(c, "seed = s.json\ndata = sub/x.db\n", "x.conf", "/etc/li") == "");
  CHECK(c.seed == "/etc/li/s.json");
  CHECK(c.data == "/etc/li/sub/x.db");
  CHECK(apply_config_text(c, "seed = /abs/s.json\ndata = :memory:\n", "x.conf", "/etc/li") == "");
  CHECK(c.seed == "/abs/s.json");
  CHECK(c.data == ":memory:");

  g_env.clear();
  CHECK(parse_config({"--log_level", "warn"}, fake_env).config.log_level == "warn");
}

TEST_CASE("unknown and short options, help and version commands", "[server][config]") {
  g_env.clear();
  auto out = parse_config({"--bogus"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kError);
  CHECK(out.message == "unknown option --bogus");
  out = parse_config({"-p", "5000"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kError);
  CHECK(out.message.find("did you mean --port?") != std::string::npos);
  CHECK(parse_config({"-h"}, fake_env).kind == ConfigOutcome::Kind::kHelp);
  CHECK(parse_config({"-v"}, fake_env).kind == ConfigOutcome::Kind::kVersion);
  CHECK(parse_config({"help"}, fake_env).kind == ConfigOutcome::Kind::kHelp);
  CHECK(parse_config({"version"}, fake_env).kind == ConfigOutcome::Kind::kVersion);
  CHECK(parse_config({"--public-url", "http://localhost:4566/"}, fake_env).config.public_url ==
        "http://localhost:4566");
  CHECK(parse_config({"--public-url", "localhost"}, fake_env).kind == ConfigOutcome::Kind::kError);
}

TEST_CASE("commands come first; every option is in --help with its variable", "[server][config]") {
  g_env.clear();
  auto out = parse_config({"export", "--data", "a.db", "--file", "out.json"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.command == Command::kExport);
  CHECK(out.config.file == "out.json");
  CHECK(parse_config({"import"}, fake_env).command == Command::kImport);
  CHECK(parse_config({"health", "--port", "1"}, fake_env).command == Command::kHealth);
  CHECK(parse_config({"actions"}, fake_env).command == Command::kActions);
  CHECK_FALSE(parse_config({"--admin", "off"}, fake_env).config.admin_enabled);
  CHECK(parse_config({"--admin-token", "t"}, fake_env).config.admin_token == "t");
  CHECK(parse_config({"--admin", "maybe"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"serve"}, fake_env).command == Command::kServe);
  CHECK(parse_config({}, fake_env).command == Command::kServe);
  CHECK(parse_config({"frobnicate"}, fake_env).kind == ConfigOutcome::Kind::kError);
  CHECK(parse_config({"--seed", "s.json"}, fake_env).config.seed == "s.json");
  const std::string help = help_text();
  for (const char* text : {"--host",
                           "LOCALIAM_HOST",
                           "--port",
                           "--data",
                           "--account-id",
                           "--auth",
                           "--root-access-key",
                           "--root-secret-key",
                           "--threads",
                           "--log-level",
                           "--seed",
                           "LOCALIAM_SEED",
                           "--config",
                           "LOCALIAM_CONFIG",
                           "--file",
                           "--timeout",
                           "export",
                           "import",
                           "health",
                           "default: 4566"})
    CHECK(help.find(text) != std::string::npos);
}
