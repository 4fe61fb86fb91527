// A finding of IAM Access Analyzer's policy validation (ValidatePolicy): its type, AWS's issue
// code, the message, the link to the check's entry in AWS's policy check reference, and where
// in the document it is: a path of element names and array indexes
// ([{"value":"Statement"},{"index":0},{"value":"Action"},{"index":1}]) and the span of text it
// covers, as line, column and offset. Plain data; to_json writes the API's shape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace localiam::analyzer {

enum class FindingType { kError, kSecurityWarning, kWarning, kSuggestion };
// "ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION".
std::string_view finding_type_name(FindingType type);

struct PathElement {
  enum class Kind { kValue, kIndex, kKey } kind = Kind::kValue;
  std::string value;  // kValue: an element's name ("Statement"); kKey: a map key (a condition key)
  size_t index = 0;   // kIndex
};

struct TextPosition {
  size_t line = 1;    // 1-based
  size_t column = 0;  // 0-based, in bytes from the line's start
  size_t offset = 0;  // 0-based, in bytes from the document's start
};

struct FindingLocation {
  std::vector<PathElement> path;
  TextPosition start, end;
};

struct Finding {
  FindingType type = FindingType::kError;
  std::string issue_code;  // "INVALID_ACTION"
  std::string details;     // the message
  std::string learn_more;  // a link into AWS's policy check reference
  std::vector<FindingLocation> locations;
};

// The position of byte `offset` of `text`.
TextPosition position_in(std::string_view text, size_t offset);

// {"findingDetails":…,"findingType":…,"issueCode":…,"learnMoreLink":…,"locations":[…]}.
std::string to_json(const Finding& finding);

}  // namespace localiam::analyzer
