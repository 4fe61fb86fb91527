// The JSON the web console reads, under /_localiam/console/api/ (server/console_route.hpp puts it
// behind the admin token):
//   GET  overview                     version, auth mode, default account, accounts with their
//                                     partitions
//   GET  list?account&kind&q&after&limit&scope
//                                     users, groups, roles or policies (scope=local: customer
//                                     managed; aws: AWS managed) whose name holds q, a page of
//                                     them after the name `after`, and how many match
//   GET  permissions?account&kind&name
//                                     every policy that applies to a user (its own, then each
//                                     group's, naming the group), role or group, and the
//                                     permissions boundary, with their documents
//   GET  who-can?account&action&resource
//                                     the users and roles whose policies allow the action on the
//                                     resource, decided as SimulatePrincipalPolicy decides
//   POST iam?account                  an IAM or STS Query request (form body) answered as the
//                                     account's root: the console's detail pages and simulator
//                                     use IAM's own actions and XML
// Every request must carry the header X-Localiam-Console: 1 (a page of another origin cannot
// send it), else 403. Never writes secrets (access keys are read through ListAccessKeys, which has
// none). Errors answer {"error": reason} with 400 (a bad parameter), 404 (no such entity or
// endpoint) or 405.
#pragma once

#include "api/dispatcher.hpp"
#include "auth/service_context.hpp"
#include "common/http_message.hpp"
#include "query/query_params.hpp"

namespace localiam::console {

class ConsoleApi {
 public:
  // Both must outlive this object.
  ConsoleApi(const api::ServiceContext& service, const api::Dispatcher& dispatcher)
      : service_(service), dispatcher_(dispatcher) {}

  // `request` is under kApiPath.
  HttpResponse answer(const HttpRequest& request) const;

  static constexpr std::string_view kApiPath = "/_localiam/console/api/";
  // Every request carries it, set to 1; else 403.
  static constexpr std::string_view kMarkerHeader = "X-Localiam-Console";

 private:
  HttpResponse list(const api::QueryParams& params, const std::string& account) const;
  HttpResponse permissions(const api::QueryParams& params, const std::string& account) const;
  HttpResponse who_can(const api::QueryParams& params, const std::string& account) const;

  const api::ServiceContext& service_;
  const api::Dispatcher& dispatcher_;
};

}  // namespace localiam::console
