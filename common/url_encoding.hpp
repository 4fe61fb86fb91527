// Percent-encoding: decoding application/x-www-form-urlencoded text ('+' is a space) and
// RFC 3986 encoding (only A-Z a-z 0-9 - . _ ~ left as is; space is %20), which is how IAM
// returns policy documents.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam {

// Decodes form text. nullopt on a malformed escape; *bad_escape then holds the offending
// text ("%" at the end for a truncated escape, or "%zz").
std::optional<std::string> form_decode(std::string_view text, std::string* bad_escape = nullptr);

// RFC 3986 percent-encoding of every byte outside the unreserved set, uppercase hex.
std::string uri_encode(std::string_view text);

}  // namespace localiam
