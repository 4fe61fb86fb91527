#include "gateway/request_wire.hpp"

namespace localiam::gateway {

std::string request_wire(const HttpRequest& request) {
  std::string out;
  size_t size = request.method.size() + request.target.size() + request.body.size() + 64;
  for (const auto& [name, value] : request.headers) size += name.size() + value.size() + 4;
  out.reserve(size);
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : request.headers) {
    if (header_name_equals(name, "Content-Length") ||
        header_name_equals(name, "Transfer-Encoding") || header_name_equals(name, "Connection"))
      continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
  const bool bodiless_method = request.method == "GET" || request.method == "HEAD" ||
                               request.method == "DELETE" || request.method == "OPTIONS";
  if (!request.body.empty() || !bodiless_method)
    out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  out.append("\r\n").append(request.body);
  return out;
}

}  // namespace localiam::gateway
