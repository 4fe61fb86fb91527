// QueryParams: the AWS Query protocol's parameters, decoded once from a form body and/or a
// query string. Scalars by name; lists as `Name.member.N` (1-based, contiguous from 1);
// lists of structures as `Name.member.N.Field`. A repeated key keeps its first value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace localiam::api {

class QueryParams {
 public:
  // Decodes `form` and adds its parameters. MalformedQueryString on a bad % escape.
  Status add_form(std::string_view form);

  const std::string* get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name) != nullptr; }
  // Values of Name.member.1, Name.member.2, … up to the first gap.
  std::vector<std::string> list(std::string_view name) const;
  // For lists of structures: field values of Name.member.N.<field> for N = 1, 2, … while
  // any of `fields` is present. Absent fields are nullopt.
  std::vector<std::vector<std::optional<std::string>>> struct_list(
      std::string_view name, const std::vector<std::string_view>& fields) const;
  size_t size() const { return values_.size(); }
  const std::map<std::string, std::string, std::less<>>& all() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace localiam::api
