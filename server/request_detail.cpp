#include "server/request_detail.hpp"

#include <string_view>

#include "common/url_encoding.hpp"

namespace localiam::server {

namespace {

// Parameters whose values never reach the log, at any level.
bool is_secret(std::string_view name) {
  for (std::string_view s :
       {"Password", "NewPassword", "OldPassword", "PrivateKey", "WebIdentityToken", "SAMLAssertion",
        "TokenCode", "AuthenticationCode1", "AuthenticationCode2", "SecretAccessKey",
        "SessionToken", "X-Amz-Signature", "X-Amz-Security-Token"})
    if (name == s) return true;
  return false;
}

}  // namespace

std::string request_detail(const HttpRequest& request, const std::string& request_id) {
  const std::string* type = request.header("Content-Type");
  const bool form =
      !request.body.empty() && type && type->find("x-www-form-urlencoded") != std::string::npos;
  std::string_view text = form ? std::string_view(request.body) : request.query();
  std::string line = "request " + request_id + ":";
  while (!text.empty()) {
    const size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    const size_t eq = pair.find('=');
    const std::string name = form_decode(pair.substr(0, eq)).value_or("(bad escape)");
    std::string value = eq == std::string_view::npos
                            ? ""
                            : form_decode(pair.substr(eq + 1)).value_or("(bad escape)");
    if (is_secret(name)) {
      value = "(secret, " + std::to_string(value.size()) + " characters)";
    } else {
      for (char& c : value)
        if (c == '\n' || c == '\r') c = ' ';
      if (value.size() > 200) value = value.substr(0, 200) + "…";
    }
    line += " " + name + "=" + value;
  }
  return line;
}

}  // namespace localiam::server
