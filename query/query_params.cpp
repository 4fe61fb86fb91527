#include "query/query_params.hpp"

#include "common/url_encoding.hpp"

namespace localiam::api {

Status QueryParams::add_form(std::string_view form) {
  size_t pos = 0;
  while (pos <= form.size()) {
    size_t amp = form.find('&', pos);
    if (amp == std::string_view::npos) amp = form.size();
    std::string_view pair = form.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    std::string bad;
    auto key = form_decode(raw_key, &bad);
    auto value = key ? form_decode(raw_value, &bad) : std::nullopt;
    if (!key || !value) {
      if (bad.size() < 3)
        return errors::MalformedQueryString("Incomplete trailing escape % sequence");
      return errors::MalformedQueryString("Illegal hex character in escape % pattern: " + bad);
    }
    values_.emplace(std::move(*key), std::move(*value));
  }
  return ok_status();
}

const std::string* QueryParams::get(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::vector<std::string> QueryParams::list(std::string_view name) const {
  std::vector<std::string> out;
  std::string key(name);
  key += ".member.";
  const size_t base = key.size();
  for (size_t n = 1;; ++n) {
    key.resize(base);
    key += std::to_string(n);
    const std::string* v = get(key);
    if (!v) break;
    out.push_back(*v);
  }
  return out;
}

std::vector<std::vector<std::optional<std::string>>> QueryParams::struct_list(
    std::string_view name, const std::vector<std::string_view>& fields) const {
  std::vector<std::vector<std::optional<std::string>>> out;
  for (size_t n = 1;; ++n) {
    std::string prefix = std::string(name) + ".member." + std::to_string(n) + ".";
    std::vector<std::optional<std::string>> item;
    bool any = false;
    for (std::string_view field : fields) {
      const std::string* v = get(prefix + std::string(field));
      if (v) any = true;
      item.push_back(v ? std::optional<std::string>(*v) : std::nullopt);
    }
    if (!any) break;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace localiam::api
