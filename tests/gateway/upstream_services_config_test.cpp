// --upstream SERVICE=URL (repeatable; comma-separated in LOCALIAM_UPSTREAM) beside the default
// --upstream URL, which source wins, the errors that name the bad value, and --gateway-unmapped.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "server/config.hpp"

using localiam::server::ConfigOutcome;
using localiam::server::parse_config;

namespace {

std::map<std::string, std::string> g_env;

const char* fake_env(const char* name) {
  auto it = g_env.find(name);
  return it == g_env.end() ? nullptr : it->second.c_str();
}

using Services = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("--upstream SERVICE=URL sends one service elsewhere", "[gateway][config]") {
  g_env.clear();
  auto out = parse_config({"--upstream", "http://127.0.0.1:5000", "--upstream",
                           "s3=http://127.0.0.1:4569", "--upstream=sqs=http://[::1]:9324"},
                          fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.upstream == "http://127.0.0.1:5000");
  CHECK(out.config.upstream_services ==
        Services{{"s3", "http://127.0.0.1:4569"}, {"sqs", "http://[::1]:9324"}});
  SECTION("a later item for the same service replaces the earlier one") {
    out = parse_config({"--upstream", "s3=http://a:1", "--upstream", "s3=http://b:2"}, fake_env);
    REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
    CHECK(out.config.upstream.empty());
    CHECK(out.config.upstream_services == Services{{"s3", "http://b:2"}});
  }
}

TEST_CASE("LOCALIAM_UPSTREAM takes a comma-separated list; flags replace it whole",
          "[gateway][config]") {
  g_env = {{"LOCALIAM_UPSTREAM", "http://moto:5000, s3=http://s3:4569"}};
  auto out = parse_config({}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.upstream == "http://moto:5000");
  CHECK(out.config.upstream_services == Services{{"s3", "http://s3:4569"}});
  out = parse_config({"--upstream", "dynamodb=http://ddb:8000"}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kRun);
  CHECK(out.config.upstream.empty());
  CHECK(out.config.upstream_services == Services{{"dynamodb", "http://ddb:8000"}});
  g_env.clear();
}

TEST_CASE("a bad --upstream item is named with what to write instead", "[gateway][config]") {
  g_env.clear();
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const Case cases[] = {
      {{"--upstream", "S3=http://x:1"}, "the service before '=' must be a lowercase service name"},
      {{"--upstream", "=http://x:1"}, "s3=http://127.0.0.1:4569"},
      {{"--upstream", "s3=https://x:1"}, "--upstream s3=…: must be an http:// URL"},
      {{"--upstream", "http://x:1,,s3=http://y:2"}, "--upstream has an empty item"},
      {{"--gateway-unmapped", "maybe"}, "--gateway-unmapped must be allow or deny"},
  };
  for (const Case& c : cases) {
    auto out = parse_config(c.args, fake_env);
    INFO(c.args.back());
    REQUIRE(out.kind == ConfigOutcome::Kind::kError);
    CHECK_THAT(out.message, Catch::Contains(c.expected));
    CHECK_THAT(out.message, Catch::Contains(c.args.back()));  // the value read is shown
  }
  g_env = {{"LOCALIAM_UPSTREAM", "s3=ftp://x"}};
  auto out = parse_config({}, fake_env);
  REQUIRE(out.kind == ConfigOutcome::Kind::kError);
  CHECK_THAT(out.message, Catch::StartsWith("LOCALIAM_UPSTREAM: --upstream s3=…"));
  g_env.clear();
}

TEST_CASE("--gateway-unmapped defaults to deny", "[gateway][config]") {
  g_env.clear();
  CHECK_FALSE(parse_config({}, fake_env).config.gateway_unmapped_allow);
  CHECK(parse_config({"--gateway-unmapped", "allow"}, fake_env).config.gateway_unmapped_allow);
  g_env = {{"LOCALIAM_GATEWAY_UNMAPPED", "allow"}};
  CHECK(parse_config({}, fake_env).config.gateway_unmapped_allow);
  CHECK_FALSE(parse_config({"--gateway-unmapped=deny"}, fake_env).config.gateway_unmapped_allow);
  g_env.clear();
}
