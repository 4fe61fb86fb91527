#include "server/config.hpp"

#include <catch2/catch.hpp>
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
