// The admin endpoints under /_localiam/ (DESIGN.md, "Admin endpoints"): health, reset and
// the clock today. Answers JSON; unknown admin paths get 404.
#pragma once

#include "api/service_context.hpp"
#include "common/http_message.hpp"

namespace localiam::server {

class AdminEndpoints {
 public:
  explicit AdminEndpoints(const api::ServiceContext& service) : service_(service) {}
  HttpResponse handle(const HttpRequest& request) const;

 private:
  const api::ServiceContext& service_;
};

}  // namespace localiam::server
