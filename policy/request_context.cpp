#include "policy/request_context.hpp"

namespace localiam::policy {

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void ContextKeys::set(std::string_view key, std::vector<std::string> values) {
  values_[to_lower_ascii(key)] = std::move(values);
}

void ContextKeys::add(std::string_view key, std::string value) {
  values_[to_lower_ascii(key)].push_back(std::move(value));
}

const std::vector<std::string>* ContextKeys::find_lower(std::string_view lower_key) const {
  auto it = values_.find(lower_key);
  return it == values_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* ContextKeys::find(std::string_view key) const {
  return find_lower(to_lower_ascii(key));
}

}  // namespace localiam::policy
