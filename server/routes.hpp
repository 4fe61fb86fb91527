// RouteTable: which route (server/http_route.hpp) answers a request, as rows read top to
// bottom: a method (or any), a path (exact or a prefix), an optional further condition on the
// head, whether the table's guard (the admin token) applies, and the route, buffered or
// streaming. The first row that matches wins; a request no row takes goes to the fallback.
// main.cpp builds the table and hands pick() to the HttpServer; answer() runs a request through
// it in-process (tests), streaming routes included.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/http_message.hpp"
#include "server/http_route.hpp"

namespace localiam::server {

struct RouteRow {
  std::string method;  // "" for any
  std::string path;
  bool prefix = false;                                // `path` is a prefix of the request's path
  bool guarded = false;                               // the table's guard may refuse the request
  std::function<bool(const HttpRequest& head)> when;  // a further condition, if any
  Route route;
};

class RouteTable {
 public:
  // nullopt lets the request through; else the refusal to answer (with its body unread).
  using Guard = std::function<std::optional<HttpResponse>(const HttpRequest& head)>;

  RouteTable();
  // Rows capture the table's guard through `this`: a table stays where it was built.
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  void add(RouteRow row) { rows_.push_back(std::move(row)); }
  void set_guard(Guard guard) { guard_ = std::move(guard); }
  void set_fallback(Route route) { fallback_ = std::move(route); }

  // The route for a request head; never fails (the fallback, or a refusal, at worst).
  const Route& pick(const HttpRequest& head) const;
  // Runs `request` through its route on this thread, completions included, and returns what
  // the client would read (a streaming route's pieces joined). Not for routes that call their
  // stream from other threads.
  HttpResponse answer(HttpRequest request) const;

 private:
  std::vector<RouteRow> rows_;
  Guard guard_;
  Route fallback_;
  Route refusal_;  // answers what the guard refused
};

}  // namespace localiam::server
