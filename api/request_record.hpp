// RequestRecord: what the access log says about one AWS request, filled in by the dispatcher
// as the request goes through it. It holds names and outcomes only, never secrets (no secret
// keys, session tokens, signatures or parameter values).
#pragma once

#include <string>

namespace localiam::api {

struct RequestRecord {
  std::string service;  // service_name() ("iam", "sts"), or "" when it could not be told
  std::string action;
  std::string account;
  std::string principal_arn;
  std::string access_key_id;
  std::string error_code;  // "" on success
  // Modes that evaluate policies: the rule that decided a denial (audit mode, which does not
  // refuse: "would deny: " and that rule), "" otherwise.
  std::string authorization;
  std::string request_id;
  int status = 0;
};

}  // namespace localiam::api
