// UTF-8 decoding by the Unicode standard's table of well-formed byte sequences (Table 3-7): no
// overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. The one decoder for
// parameter patterns and lengths, tag text and XML escaping; each byte that starts no
// well-formed sequence is one error, as a decoder that replaces it with U+FFFD would count it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace localiam::utf8 {

inline constexpr int32_t kInvalid = -1;

// The length (1 to 4) of the well-formed sequence at text[i], 0 when none starts there.
// Requires i < text.size().
size_t sequence_length(std::string_view text, size_t i);

// The code point at text[i], advancing i past it; kInvalid (advancing i by one byte) when no
// well-formed sequence starts there. Requires i < text.size().
int32_t decode(std::string_view text, size_t& i);

// The number of code points, each ill-formed byte counting as one.
size_t length(std::string_view text);

// Whether the whole text is well-formed UTF-8.
bool valid(std::string_view text);

}  // namespace localiam::utf8
