// Dispatcher: the path of one AWS request through the api layer. Decodes the Query form once,
// finds the service (credential scope, then Version, then the action name) and the action,
// authenticates the caller, checks parameter rules, runs the handler under the database lock
// (writes in one savepoint of the group transaction), and serialises the result or the one
// error type. An answer that depends on an uncommitted group comes with a completion that
// commits the group first (and answers ServiceFailure if it failed). Never throws.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/request_record.hpp"
#include "auth/account_partition.hpp"
#include "auth/authenticator.hpp"
#include "auth/service_context.hpp"
#include "auth/usage_memo.hpp"
#include "common/http_message.hpp"

namespace localiam::api {

class Dispatcher {
 public:
  explicit Dispatcher(const ServiceContext& service)
      : service_(service), auth_(service), partitions_(service.db), usage_(service.db) {}

  // Answers one AWS request (anything not under /_localiam/). When `record` is given it is
  // filled with what the access log reports. The reply's `ready`, when set, commits the group
  // the answer depends on: the server runs it later, so that concurrent writes share a commit.
  HttpReply answer(const HttpRequest& request, RequestRecord* record = nullptr) const;
  // answer() with its completion run at once: a write is committed before this returns.
  HttpResponse handle(const HttpRequest& request, RequestRecord* record = nullptr) const;
  // handle() for a caller the admin token already vouched for (the console): the request is
  // not signed and is answered as the root of `account_id`, in that account's partition. It
  // leaves no trace in last-accessed data or the decision log, which describe the code under
  // test.
  HttpResponse handle_as_root(const HttpRequest& request, std::string_view account_id) const;

 private:
  // answer(), or handle_as_root()'s answer before its completion (`as_root_of` its account).
  HttpReply reply(const HttpRequest& request, RequestRecord* record,
                  const std::string_view* as_root_of) const;
  // `group` is set to the group transaction the answer depends on (0: none).
  // `as_root_of`: handle_as_root()'s account, or nullptr for a signed request.
  HttpResponse handle_request(const HttpRequest& request, RequestRecord& record, uint64_t& group,
                              const std::string_view* as_root_of = nullptr) const;

  const ServiceContext& service_;
  Authenticator auth_;
  mutable AccountPartitionCache partitions_;  // guarded by the database lock
  mutable UsageMemo usage_;                   // guarded by the database lock
};

}  // namespace localiam::api
