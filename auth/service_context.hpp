// ServiceContext: what every request shares (configuration, storage, clock); RequestContext:
// what one request's handler sees (decoded parameters, the caller, the time, the region).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/auth_mode.hpp"
#include "auth/principal.hpp"
#include "common/arn.hpp"
#include "common/clock.hpp"
#include "query/query_params.hpp"
#include "storage/database.hpp"

namespace localiam::api {

class AuthorizationMemo;
class DecisionLog;

struct ServiceConfig {
  std::string default_account_id = "000000000000";
  AuthMode auth_mode = AuthMode::kOpen;
  std::string root_access_key = "test";
  std::string root_secret_key = "test";
};

struct ServiceContext {
  ServiceConfig config;
  storage::Database& db;
  Clock& clock;
  // Enforce mode's reads kept between requests (auth/authorization_memo.hpp); none: every
  // request reads what it needs.
  AuthorizationMemo* authorization_memo = nullptr;
  // Where authorisation decisions are kept for /_localiam/decisions (auth/decision_log.hpp);
  // none: not kept.
  DecisionLog* decisions = nullptr;
};

struct RequestContext {
  const ServiceContext& service;
  storage::Database& db;
  const QueryParams& params;
  const Principal& caller;
  std::string region;     // from the credential scope, "us-east-1" when unsigned
  int64_t now = 0;        // server clock, epoch seconds
  std::string source_ip;  // the client's address (aws:SourceIp)
  // The partition of `region`, which is the partition of the caller's account (the dispatcher
  // refuses a request signed for another): every ARN the request makes carries it.
  arn::Partition partition = arn::Partition::kAws;
  // A decision a handler made (a federated call's trust policy), for the access log's
  // `authorization` field; "" when none.
  std::string authorization = {};

  const std::string& account() const { return caller.account_id; }
  // The parameter's value, or "" when absent (rules have checked required ones).
  const std::string& param(std::string_view name) const {
    static const std::string kEmpty;
    const std::string* v = params.get(name);
    return v ? *v : kEmpty;
  }
  const std::string* optional_param(std::string_view name) const { return params.get(name); }
};

}  // namespace localiam::api
