// The bytes the gateway writes upstream in one go: its own framing, the body after the head.
#include "gateway/request_wire.hpp"

#include <catch2/catch.hpp>

using localiam::HttpRequest;
using localiam::gateway::request_wire;

TEST_CASE("request_wire writes the head, its own Content-Length and the body", "[gateway]") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/?a=1";
  r.headers = {{"Host", "127.0.0.1:5000"},
               {"Content-Length", "999"},
               {"Transfer-Encoding", "chunked"},
               {"Connection", "close"},
               {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  r.body = R"({"TableName":"t"})";
  CHECK(request_wire(r) ==
        "POST /?a=1 HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n"
        "Content-Length: 17\r\n\r\n{\"TableName\":\"t\"}");
}

TEST_CASE("request_wire leaves Content-Length out of a bodiless GET but not of an empty POST",
          "[gateway]") {
  HttpRequest get;
  get.method = "GET";
  get.target = "/bucket";
  get.headers = {{"Host", "h:1"}};
  CHECK(request_wire(get) == "GET /bucket HTTP/1.1\r\nHost: h:1\r\n\r\n");
  HttpRequest post = get;
  post.method = "POST";
  CHECK(request_wire(post) == "POST /bucket HTTP/1.1\r\nHost: h:1\r\nContent-Length: 0\r\n\r\n");
}
