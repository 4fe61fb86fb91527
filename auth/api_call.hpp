// A signed request for an AWS API that localiam answers itself outside the Query protocol (IAM
// Access Analyzer's policy checks, REST-JSON): the caller authenticated as the dispatcher does
// it (auth/authenticator.hpp), and in enforce and audit modes authorised by the one authoriser
// to perform `action` on `resource`, the decision added to the decision log, the use recorded for
// last-accessed data. Takes the database lock for the check only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/authenticator.hpp"
#include "auth/service_context.hpp"
#include "auth/usage_memo.hpp"
#include "common/aws_error.hpp"
#include "common/http_message.hpp"

namespace localiam::api {

struct ApiCallCheck {
  // Authentication failed, or (enforce) the caller may not: the error to answer with, in IAM's
  // codes (AccessDenied with AWS's message, SignatureDoesNotMatch, …).
  std::optional<AwsError> error;
  std::string request_id;
  std::string principal_arn, account, access_key_id;  // "" when not authenticated
  std::string authorization;                          // the decision, for the access log
};

// `service` is the signing name the request must carry ("access-analyzer"), `action`
// "access-analyzer:ValidatePolicy".
ApiCallCheck check_api_call(const ServiceContext& service, const Authenticator& authenticator,
                            UsageMemo& usage, const HttpRequest& request,
                            std::string_view signing_name, std::string_view action,
                            std::string_view resource = "*");

}  // namespace localiam::api
