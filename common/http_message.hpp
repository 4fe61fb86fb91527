// HttpRequest / HttpResponse: plain HTTP messages as the rest of localiam sees them, so that
// only server/http_server.cpp includes Beast. Header names keep the case they arrived in;
// header() looks them up case-insensitively.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localiam {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive ASCII comparison of header names.
bool header_name_equals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw request target: path plus "?query" if any
  HeaderList headers;  // in the order received; repeated headers appear repeatedly
  std::string body;
  std::string remote_ip;

  // First header named `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  std::string_view path() const;   // target up to '?'
  std::string_view query() const;  // after '?', or empty
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/xml";
  HeaderList headers;  // extra headers (x-amzn-RequestId, …)
  std::string body;
  // When set, the server calls it (on a server thread, outside any request) right before it
  // sends the response; it may replace the response. Used to answer a write only once its
  // group commit is durable (storage/database.hpp).
  std::function<void(HttpResponse&)> before_send;
};

}  // namespace localiam
