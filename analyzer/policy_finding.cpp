#include "analyzer/policy_finding.hpp"

#include <algorithm>

#include "common/json_escape.hpp"

namespace localiam::analyzer {

std::string_view finding_type_name(FindingType type) {
  switch (type) {
    case FindingType::kError:
      return "ERROR";
    case FindingType::kSecurityWarning:
      return "SECURITY_WARNING";
    case FindingType::kWarning:
      return "WARNING";
    case FindingType::kSuggestion:
      return "SUGGESTION";
  }
  return "ERROR";
}

TextPosition position_in(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p;
  p.offset = offset;
  const std::string_view before = text.substr(0, offset);
  p.line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = before.rfind('\n');
  p.column = line_start == std::string_view::npos ? offset : offset - line_start - 1;
  return p;
}

namespace {

std::string position_json(const TextPosition& p) {
  return "{\"line\":" + std::to_string(p.line) + ",\"column\":" + std::to_string(p.column) +
         ",\"offset\":" + std::to_string(p.offset) + "}";
}

std::string path_json(const std::vector<PathElement>& path) {
  std::string out = "[";
  for (const PathElement& e : path) {
    if (out.size() > 1) out += ',';
    switch (e.kind) {
      case PathElement::Kind::kValue:
        out += "{\"value\":\"" + json_escape(e.value) + "\"}";
        break;
      case PathElement::Kind::kKey:
        out += "{\"key\":\"" + json_escape(e.value) + "\"}";
        break;
      case PathElement::Kind::kIndex:
        out += "{\"index\":" + std::to_string(e.index) + "}";
        break;
    }
  }
  return out + "]";
}

}  // namespace

std::string to_json(const Finding& finding) {
  std::string out = "{\"findingDetails\":\"" + json_escape(finding.details) +
                    "\",\"findingType\":\"" + std::string(finding_type_name(finding.type)) +
                    "\",\"issueCode\":\"" + json_escape(finding.issue_code) +
                    "\",\"learnMoreLink\":\"" + json_escape(finding.learn_more) +
                    "\",\"locations\":[";
  for (size_t i = 0; i < finding.locations.size(); ++i) {
    const FindingLocation& l = finding.locations[i];
    if (i) out += ',';
    out += "{\"path\":" + path_json(l.path) + ",\"span\":{\"start\":" + position_json(l.start) +
           ",\"end\":" + position_json(l.end) + "}}";
  }
  return out + "]}";
}

}  // namespace localiam::analyzer
