// GET / in a browser: a small page saying what this server is (localiam, its version, auth
// mode, data file, the address to point clients at) with links to the admin endpoints; the same
// facts as JSON for `Accept: application/json`. Only a plain GET or HEAD of "/" with no query
// and no SigV4 signature gets it: AWS requests to "/" still go to the dispatcher.
#pragma once

#include <string>

#include "common/http_message.hpp"

namespace localiam::server {

struct ServerFacts {
  std::string version;
  std::string auth;            // open | verify | enforce
  std::string data;            // the data file, or :memory:
  std::string public_url;      // http://HOST:PORT as clients reach it
  std::string admin;           // open | token | off
  bool admin_exposed = false;  // listening beyond loopback with the admin endpoints open
};

// Whether `request` asks for the landing page rather than an AWS action.
bool is_landing_request(const HttpRequest& request);

// The page (HTML, or JSON when the Accept header prefers application/json).
HttpResponse landing_page(const ServerFacts& facts, const HttpRequest& request);

}  // namespace localiam::server
