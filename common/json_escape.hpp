// JSON string escaping: the body of a JSON string (without its quotes) for any bytes, with `"`
// and `\` escaped and control characters as \u00XX. Other bytes pass through unchanged (the
// callers' text is UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace localiam {

std::string json_escape(std::string_view text);
// The JSON string for `text`: json_escape() between double quotes.
std::string json_string(std::string_view text);

}  // namespace localiam
