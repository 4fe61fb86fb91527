// --upstream, LOCALIAM_UPSTREAM and the upstream keys (server/config) and the URL they name
// (gateway/upstream_url).
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "gateway/upstream_url.hpp"
#include "server/config.hpp"

using localiam::gateway::parse_upstream_url;
using localiam::server::ConfigOutcome;
using localiam::server::parse_config;

namespace {

std::map<std::string, std::string> g_env;

const char* fake_env(const char* name) {
  auto it = g_env.find(name);
  return it == g_env.end() ? nullptr : it->second.c_str();
}

}  // namespace

TEST_CASE("without --upstream nothing is forwarded; the upstream keys default to test/test",
          "[gateway][config]") {
  g_env.clear();
  auto out = parse_config({}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.upstream.empty());
  CHECK(out.config.upstream_access_key == "test");
  CHECK(out.config.upstream_secret_key == "test");
}

TEST_CASE("--upstream and its keys come from flags, the environment and the config file",
          "[gateway][config]") {
  g_env = {{"LOCALIAM_UPSTREAM", "http://127.0.0.1:5000"},
           {"LOCALIAM_UPSTREAM_ACCESS_KEY", "AKIDENV"}};
  auto out = parse_config({"--upstream-secret-key", "s3cret"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.upstream == "http://127.0.0.1:5000");
  CHECK(out.config.upstream_access_key == "AKIDENV");
  CHECK(out.config.upstream_secret_key == "s3cret");
  out = parse_config({"--upstream=http://localhost:4567/"}, fake_env);
  CHECK(out.config.upstream == "http://localhost:4567/");
  g_env.clear();
  localiam::server::Config config;
  CHECK(apply_config_text(config, "upstream = http://moto:5000\n", "f.conf") == "");
  CHECK(config.upstream == "http://moto:5000");
  CHECK(localiam::server::help_text().find("--upstream VALUE") != std::string::npos);
  CHECK(localiam::server::help_text().find("LOCALIAM_UPSTREAM_SECRET_KEY") != std::string::npos);
}

TEST_CASE("--upstream refuses what this slice cannot forward to, saying why", "[gateway][config]") {
  g_env.clear();
  auto error = [](std::string value) {
    auto out = parse_config({"--upstream", value}, fake_env);
    CHECK(out.kind == ConfigOutcome::Kind::kError);
    return out.message;
  };
  CHECK(error("https://moto:5000").find("https:// upstreams are not supported yet") !=
        std::string::npos);
  // (SERVICE=URL is supported now: upstream_services_config_test.cpp.)
  CHECK(error("moto:5000").find("must be an http:// URL") != std::string::npos);
  CHECK(error("http://moto:5000/path").find("no path") != std::string::npos);
  CHECK(error("http://moto:0").find("port") != std::string::npos);
  CHECK(error("http://moto:99999").find("port") != std::string::npos);
  CHECK(error("http://:5000").find("names no host") != std::string::npos);
  // The secret is never echoed.
  auto out = parse_config({"--upstream-access-key", ""}, fake_env);
  CHECK(out.kind == ConfigOutcome::Kind::kError);
}

TEST_CASE("an upstream URL's host, port and Host header", "[gateway]") {
  std::string why;
  auto url = parse_upstream_url("http://127.0.0.1:5000", why);
  REQUIRE(url);
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == 5000);
  CHECK(url->host_header() == "127.0.0.1:5000");
  CHECK(url->text() == "http://127.0.0.1:5000");
  url = parse_upstream_url("http://moto/", why);
  REQUIRE(url);
  CHECK(url->port == 80);
  url = parse_upstream_url("http://[::1]:4566", why);
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->host_header() == "[::1]:4566");
  CHECK_FALSE(parse_upstream_url("http://[::1", why));
  CHECK_FALSE(parse_upstream_url("http://user@moto:5000", why));
  CHECK_FALSE(parse_upstream_url("http://moto:5000?x=1", why));
}
