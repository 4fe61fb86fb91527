// A SigV4 signer for tests and the load generator: adds X-Amz-Date, X-Amz-Security-Token
// (when given) and Authorization headers to a request, exactly as botocore would.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/http_message.hpp"

namespace localiam::sigv4 {

struct SigningParams {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when none
  std::string region = "us-east-1";
  std::string service = "iam";
  int64_t epoch_seconds = 0;
};

// Signs `request` in place (method, target, headers incl. Host, body must be set). Signs
// every header present plus x-amz-date (and x-amz-security-token), except user-agent.
void sign_request(HttpRequest& request, const SigningParams& params);

}  // namespace localiam::sigv4
