#include "server/token_hint.hpp"

#include <string_view>

namespace localiam::server {

namespace {

// The URL-encoded value of `name` in a form ("a=1&b=2"), or nullopt-like "" with found=false.
bool form_value(std::string_view form, std::string_view name, std::string_view& value) {
  while (!form.empty()) {
    const size_t amp = form.find('&');
    std::string_view pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      value = pair.substr(name.size() + 1);
      return true;
    }
  }
  return false;
}

bool is_encoded_space(std::string_view v, bool at_end) {
  for (std::string_view s : {"+", "%20", "%09", "%0A", "%0a", "%0D", "%0d"})
    if (at_end ? v.ends_with(s) : v.starts_with(s)) return true;
  return false;
}

}  // namespace

std::string token_whitespace_hint(const HttpRequest& request, const api::RequestRecord& record) {
  if (record.action != "AssumeRoleWithWebIdentity" || record.error_code != "InvalidIdentityToken")
    return "";
  std::string_view token;
  if (!form_value(request.body, "WebIdentityToken", token) &&
      !form_value(request.query(), "WebIdentityToken", token))
    return "";
  const bool trailing = is_encoded_space(token, true);
  if (!trailing && !is_encoded_space(token, false)) return "";
  return std::string("AssumeRoleWithWebIdentity (request ") + record.request_id +
         "): the WebIdentityToken " + (trailing ? "ends" : "begins") +
         " with white space (a newline?), which makes it an invalid JWT. A token file written "
         "with `echo \"$TOKEN\" > file` ends with a newline and the AWS CLI sends file:// "
         "contents as they are: write it with `printf %s \"$TOKEN\" > file`.";
}

}  // namespace localiam::server
