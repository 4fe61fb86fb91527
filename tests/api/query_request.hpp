// Builds the HTTP request an SDK sends for one IAM or STS Query action, for unit tests that
// drive the Dispatcher directly: a form body with Action, Version and the parameters,
// SigV4-signed with real time (as clients sign, whatever the server's clock says) unless the
// access key is empty.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "common/http_message.hpp"
#include "common/url_encoding.hpp"
#include "sigv4/signer.hpp"

namespace localiam::testing {

inline HttpRequest query_request(const std::string& access_key, const std::string& secret,
                                 const std::string& session_token, const std::string& service,
                                 const std::string& action,
                                 const std::multimap<std::string, std::string>& params) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body =
      "Action=" + action + "&Version=" + (service == "sts" ? "2011-06-15" : "2010-05-08");
  for (const auto& [k, v] : params) request.body += "&" + uri_encode(k) + "=" + uri_encode(v);
  request.headers = {{"Host", "localhost"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  if (access_key.empty()) return request;
  sigv4::SigningParams p;
  p.access_key_id = access_key;
  p.secret_access_key = secret;
  p.session_token = session_token;
  p.service = service;
  p.epoch_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  sigv4::sign_request(request, p);
  return request;
}

}  // namespace localiam::testing
