// What --log-level debug adds for each AWS request: its parameters, decoded, with the values
// of secret ones (passwords, private keys, tokens, MFA codes) replaced by their length, so
// that a debug log can be shared.
#pragma once

#include <string>

#include "common/http_message.hpp"

namespace localiam::server {

// "request 1234: Action=CreateUser UserName=bob Password=(secret, 12 characters)"; the form
// body's parameters, else the query's. Long values are cut at 200 characters.
std::string request_detail(const HttpRequest& request, const std::string& request_id);

}  // namespace localiam::server
