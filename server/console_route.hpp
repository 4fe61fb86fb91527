// The web console's rows of the route table: its page, stylesheet and script at
// /_localiam/console (served to anyone who may reach the admin endpoints: they hold no data,
// and the page asks for the admin token when the server has one), and its JSON under
// /_localiam/console/api/ (console/console_api.hpp), behind the admin token. With --admin off no
// row is added: the admin endpoints' refusal answers.
#pragma once

#include "api/dispatcher.hpp"
#include "auth/service_context.hpp"
#include "console/console_api.hpp"
#include "server/routes.hpp"

namespace localiam::server {

class ConsoleRoute {
 public:
  // `service` and `dispatcher` must outlive this object, which must outlive the server.
  ConsoleRoute(const api::ServiceContext& service, const api::Dispatcher& dispatcher)
      : api_(service, dispatcher) {}
  ConsoleRoute(const ConsoleRoute&) = delete;
  ConsoleRoute& operator=(const ConsoleRoute&) = delete;

  // Adds the rows ahead of the admin endpoints' catch-all row for /_localiam/.
  void add_rows(RouteTable& table) const;

  static constexpr std::string_view kPath = "/_localiam/console";

 private:
  console::ConsoleApi api_;
};

}  // namespace localiam::server
