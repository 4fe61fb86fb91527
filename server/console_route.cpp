#include "server/console_route.hpp"

#include "console/console_assets.hpp"

namespace localiam::server {

namespace {

HttpResponse not_found(std::string_view path) {
  HttpResponse r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "No console file at " + std::string(path) + "\n";
  return r;
}

// The page and its two files. The policy lets them load only from this server: no inline
// script, no other origin, no frames around them.
HttpResponse asset(const HttpRequest& request) {
  std::string_view name = request.path().substr(ConsoleRoute::kPath.size());
  if (name.empty() || name == "/") name = "/index.html";
  const console::ConsoleAsset* found = console::find_console_asset(name.substr(1));
  if (!found) return not_found(request.path());
  HttpResponse r;
  r.status = 200;
  r.content_type = std::string(found->content_type);
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                         "base-uri 'none'; form-action 'none'");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.body = std::string(found->bytes);
  return r;
}

HttpResponse wrong_method() {
  HttpResponse r;
  r.status = 405;
  r.content_type = "application/json";
  r.body = R"({"error":"use GET"})";
  return r;
}

}  // namespace

void ConsoleRoute::add_rows(RouteTable& table) const {
  RouteRow api{"", std::string(console::ConsoleApi::kApiPath), true, true, {}, {}};
  api.route.buffered = [this](HttpRequest&& request) {
    return HttpReply{api_.answer(request), {}};
  };
  table.add(std::move(api));
  for (bool prefix : {false, true}) {
    RouteRow files{"", prefix ? std::string(kPath) + "/" : std::string(kPath), prefix, false, {},
                   {}};
    files.route.buffered = [](HttpRequest&& request) {
      if (request.method != "GET" && request.method != "HEAD") return HttpReply{wrong_method(), {}};
      return HttpReply{asset(request), {}};
    };
    table.add(std::move(files));
  }
}

}  // namespace localiam::server
