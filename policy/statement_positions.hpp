// Where each statement of a policy document sits in its text, as the IAM policy simulator
// reports it (MatchedStatements StartPosition/EndPosition): 1-based lines, and the 1-based
// column just after the statement's opening and closing brace. Pure; thread-safe.
#pragma once

#include <string_view>
#include <vector>

namespace localiam::policy {

struct Position {
  int line = 0;
  int column = 0;
};

struct StatementSpan {
  Position start;
  Position end;
};

// One span per statement object of the (already parsed, valid) document, in document order; a
// lone "Statement": {…} gives one. When "Statement" occurs more than once the last one counts,
// as in the parser. Returns an empty list for text that is not a JSON object.
std::vector<StatementSpan> statement_spans(std::string_view document);

}  // namespace localiam::policy
