#include "policy/wildcard.hpp"

#include <cstddef>

#include "common/ascii.hpp"

namespace localiam::policy {

namespace {

char fold(char c, bool ignore_case) { return ignore_case ? ascii::to_lower(c) : c; }

// Splits off the text before the next ':' (the whole rest when there is none).
std::string_view next_field(std::string_view& rest, bool& had_colon) {
  size_t colon = rest.find(':');
  had_colon = colon != std::string_view::npos;
  std::string_view field = rest.substr(0, colon);
  rest = had_colon ? rest.substr(colon + 1) : std::string_view();
  return field;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  // Greedy matching with one backtrack point: linear in practice, never recursive.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || fold(pattern[p], ignore_case) == fold(text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool arn_match(std::string_view pattern, std::string_view arn) {
  if (pattern == "*") return true;
  std::string_view prest = pattern, arest = arn;
  for (int field = 0; field < 5; ++field) {
    bool pcolon = false, acolon = false;
    std::string_view pf = next_field(prest, pcolon);
    std::string_view af = next_field(arest, acolon);
    if (!acolon) return false;  // not an ARN
    if (!pcolon) {
      // A pattern that ends early can still cover the rest with a trailing '*'
      // ("arn:aws:iam::*" style): match the remaining ARN text as a whole.
      if (pf.empty() || pf.back() != '*') return false;
      std::string_view remaining(af.data(), arn.data() + arn.size() - af.data());
      return wildcard_match(pf, remaining);
    }
    if (!wildcard_match(pf, af)) return false;
  }
  return wildcard_match(prest, arest);
}

}  // namespace localiam::policy
