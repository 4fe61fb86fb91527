#include "common/http_message.hpp"

#include "common/ascii.hpp"

namespace localiam {

bool header_name_equals(std::string_view a, std::string_view b) { return ascii::iequals(a, b); }

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (header_name_equals(k, name)) return &v;
  return nullptr;
}

std::string_view HttpRequest::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  std::string_view t = target;
  size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

}  // namespace localiam
