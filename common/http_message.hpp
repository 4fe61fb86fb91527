// HttpRequest / HttpResponse: plain HTTP messages as the rest of localiam sees them, so that
// only server/'s .cpp files include Beast. Header names keep the case they arrived in;
// header() looks them up case-insensitively. HttpReply is a response with the work it waits
// for before it may leave (a write's group commit).
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
};

// Work a response waits for: given the response, it returns the one to send (the same, or a
// replacement when the work failed). Used to answer a write only once its group commit is
// durable (storage/database.hpp).
using Completion = std::function<HttpResponse(HttpResponse)>;

// A buffered route's answer. When `ready` is set the server runs it once, on a server thread,
// after the route returned and after the requests already queued on that thread ran (so that
// they can join the same group commit), and sends what it returns; nothing is sent before.
struct HttpReply {
  HttpResponse response;
  Completion ready;
};

}  // namespace localiam
