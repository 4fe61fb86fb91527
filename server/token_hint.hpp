// A hint for the log when AssumeRoleWithWebIdentity refuses a token that has white space
// around it: `echo "$TOKEN" > file` adds a newline, the AWS CLI sends file:// contents
// verbatim, and the newline makes the JWT invalid. The answer stays AWS's bare
// InvalidIdentityToken; the server's log says why.
#pragma once

#include <string>

#include "api/request_record.hpp"
#include "common/http_message.hpp"

namespace localiam::server {

// "" unless `record` is a refused AssumeRoleWithWebIdentity whose WebIdentityToken parameter
// (form body or query) begins or ends with white space; then the sentence to log.
std::string token_whitespace_hint(const HttpRequest& request, const api::RequestRecord& record);

}  // namespace localiam::server
