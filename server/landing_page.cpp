#include "server/landing_page.hpp"

#include "query/xml_writer.hpp"
#include "server/access_log.hpp"

namespace localiam::server {

namespace {

struct Link {
  const char* method;
  const char* path;
  const char* what;
  bool admin;  // needs the admin endpoints (may need the token)
};

constexpr Link kLinks[] = {
    {"GET", "/_localiam/console", "the web console: browse, explain and try IAM", true},
    {"GET", "/_localiam/health", "health: status, version, auth mode, data file", false},
    {"GET", "/_localiam/state", "every table as JSON (holds secret keys)", true},
    {"POST", "/_localiam/state", "replace all state with such a JSON", true},
    {"POST", "/_localiam/reset", "back to the start state (the seed file, if any)", true},
    {"GET", "/_localiam/metrics", "Prometheus metrics", true},
    {"GET", "/_localiam/clock", "the server's clock (POST moves it, DELETE resets it)", true},
    {"GET", "/_localiam/oidc/.well-known/openid-configuration", "the OIDC issuer's discovery",
     false},
    {"GET", "/_localiam/oidc/jwks", "the OIDC issuer's public key", false},
    {"POST", "/_localiam/oidc/token", "mint a test ID token from JSON claims", true},
};

bool wants_json(const HttpRequest& request) {
  const std::string* accept = request.header("Accept");
  if (!accept) return false;
  const size_t json = accept->find("application/json");
  const size_t html = accept->find("text/html");
  return json != std::string::npos && (html == std::string::npos || json < html);
}

}  // namespace

bool is_landing_request(const HttpRequest& request) {
  return (request.method == "GET" || request.method == "HEAD") && request.target == "/" &&
         !request.header("Authorization") && !request.header("X-Amz-Target");
}

HttpResponse landing_page(const ServerFacts& f, const HttpRequest& request) {
  HttpResponse r;
  r.status = 200;
  if (wants_json(request)) {
    r.content_type = "application/json";
    std::string body = "{\"service\":\"localiam\",\"serves\":[\"iam\",\"sts\"],\"version\":\"" +
                       json_escape(f.version) + "\",\"auth\":\"" + json_escape(f.auth) +
                       "\",\"data\":\"" + json_escape(f.data) + "\",\"endpoint\":\"" +
                       json_escape(f.public_url) + "\",\"admin\":\"" + json_escape(f.admin) +
                       "\",\"admin_exposed\":" + (f.admin_exposed ? "true" : "false") +
                       ",\"endpoints\":[";
    bool first = true;
    for (const Link& l : kLinks) {
      body += std::string(first ? "" : ",") + "{\"method\":\"" + l.method + "\",\"path\":\"" +
              l.path + "\",\"what\":\"" + json_escape(l.what) + "\"}";
      first = false;
    }
    r.body = body + "]}\n";
    return r;
  }
  r.content_type = "text/html; charset=utf-8";
  std::string page =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>localiam</title>"
      "<link rel=\"icon\" href=\"data:,\"></head>\n"
      "<body style=\"font-family: sans-serif; max-width: 50em\">\n<h1>localiam " +
      api::xml_escape(f.version) +
      "</h1>\n<p>A local AWS-compatible IAM and STS server for tests. Point IAM and STS clients "
      "at <code>" +
      api::xml_escape(f.public_url) + "</code> (for example <code>aws --endpoint-url " +
      api::xml_escape(f.public_url) +
      " sts get-caller-identity</code>).</p>\n<ul>\n<li>auth mode: <b>" + api::xml_escape(f.auth) +
      "</b></li>\n<li>data file: <code>" + api::xml_escape(f.data) +
      "</code></li>\n<li>admin endpoints: " + api::xml_escape(f.admin) + "</li>\n</ul>\n";
  if (f.admin_exposed)
    page +=
        "<p><b>Warning:</b> this server listens beyond loopback and its admin endpoints have no "
        "token: anyone who can reach it can read every secret key (/_localiam/state) and reset "
        "it. Start it with <code>--admin-token</code>.</p>\n";
  if (f.admin != "off")
    page +=
        "<p><a href=\"/_localiam/console\">Open the web console</a>: browse users, groups, roles "
        "and policies, watch authorisation decisions, and run the policy simulator.</p>\n";
  page += "<h2>Endpoints</h2>\n<table>\n";
  for (const Link& l : kLinks) {
    // A browser can follow a GET, unless --admin off turned that endpoint off.
    const bool linkable = std::string_view(l.method) == "GET" && (!l.admin || f.admin != "off");
    page += std::string("<tr><td>") + l.method + "</td><td>" +
            (linkable ? "<a href=\"" + std::string(l.path) + "\">" + l.path + "</a>"
                      : "<code>" + std::string(l.path) + "</code>") +
            "</td><td>" + api::xml_escape(l.what) + "</td></tr>\n";
  }
  page += "</table>\n</body></html>\n";
  r.body = std::move(page);
  return r;
}

}  // namespace localiam::server
