#include "server/admin_endpoints.hpp"

#include <string>

#include "server/access_log.hpp"
#include "server/config.hpp"

namespace localiam::server {

namespace {

std::string json_string(std::string_view s) { return "\"" + json_escape(s) + "\""; }

HttpResponse json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body) + "\n";
  return r;
}

}  // namespace

HttpResponse AdminEndpoints::handle(const HttpRequest& request) const {
  std::string_view path = request.path();
  if (path == "/_localiam/health") {
    if (request.method != "GET" && request.method != "HEAD")
      return json(405, R"({"error":"use GET"})");
    return json(200, std::string("{\"status\":\"ok\",\"version\":") +
                         json_string(LOCALIAM_VERSION) +
                         ",\"auth\":" + json_string(auth_mode_name(service_.config.auth_mode)) +
                         ",\"data\":" + json_string(service_.db.path()) + "}");
  }
  if (path == "/_localiam/reset") {
    if (request.method != "POST") return json(405, R"({"error":"use POST"})");
    auto lock = service_.db.lock();
    service_.db.clear_all();
    return json(200, R"({"status":"reset"})");
  }
  return json(
      404, std::string("{\"error\":\"no admin endpoint at ") + json_string(path).substr(1) + "}");
}

}  // namespace localiam::server
