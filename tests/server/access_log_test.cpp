#include "server/access_log.hpp"

#include <catch2/catch.hpp>

using namespace localiam;

TEST_CASE("an access log line is one JSON object with the request's outcome", "[server]") {
  api::RequestRecord r;
  r.service = "iam";
  r.action = "GetUser";
  r.account = "000000000000";
  r.principal_arn = "arn:aws:iam::000000000000:user/\"quoted\"";
  r.access_key_id = "AKIAEXAMPLE";
  r.error_code = "NoSuchEntity";
  r.request_id = "rid";
  r.status = 404;
  std::string line = server::access_log_line(r, 1500);
  CHECK(line.front() == '{');
  CHECK(line.back() == '}');
  CHECK(line.find("\"action\":\"GetUser\"") != std::string::npos);
  CHECK(line.find("\"status\":404") != std::string::npos);
  CHECK(line.find("\"error\":\"NoSuchEntity\"") != std::string::npos);
  CHECK(line.find("\"latency_ms\":1.500") != std::string::npos);
  CHECK(line.find("user/\\\"quoted\\\"") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("json_escape escapes quotes, backslashes and control characters", "[server]") {
  CHECK(localiam::json_escape("a\"b\\c\n") == "a\\\"b\\\\c\\u000a");
}
