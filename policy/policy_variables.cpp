#include "policy/policy_variables.hpp"

namespace localiam::policy {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Variable {
  std::string_view key;
  bool has_default = false;
  std::string_view default_value;
};

// Reads the inside of "${…}". False if it is not a variable.
bool read_variable(std::string_view inside, Variable& v) {
  size_t comma = inside.find(',');
  v.key = trim(inside.substr(0, comma));
  if (v.key.empty()) return false;
  if (comma != std::string_view::npos) {
    std::string_view d = trim(inside.substr(comma + 1));
    if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') return false;
    v.has_default = true;
    v.default_value = d.substr(1, d.size() - 2);
  }
  return true;
}

}  // namespace

bool has_policy_variables(std::string_view text) {
  return text.find("${") != std::string_view::npos;
}

bool substitute_variables(std::string_view text, const ContextKeys& context, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::string_view inside = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (inside == "*" || inside == "?" || inside == "$") {
      out.append(inside);
      continue;
    }
    Variable v;
    if (!read_variable(inside, v)) {
      out.append(text.substr(open, close + 1 - open));
      continue;
    }
    const std::vector<std::string>* values = context.find(v.key);
    if (values && values->size() == 1) {
      out.append(values->front());
    } else if (v.has_default) {
      out.append(v.default_value);
    } else {
      return false;
    }
  }
  out.append(text.substr(i));
  return true;
}

std::vector<std::string> variable_keys(std::string_view text) {
  std::vector<std::string> keys;
  size_t i = 0;
  while ((i = text.find("${", i)) != std::string_view::npos) {
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) break;
    std::string_view inside = text.substr(i + 2, close - i - 2);
    Variable v;
    if (inside != "*" && inside != "?" && inside != "$" && read_variable(inside, v)) {
      keys.emplace_back(v.key);
    }
    i = close + 1;
  }
  return keys;
}

}  // namespace localiam::policy
