// common/utf8: the decoder follows Unicode's table of well-formed sequences at every edge
// (overlong forms, surrogates, the last code point, truncation), and counts ill-formed bytes one
// by one.
#include "common/utf8.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace utf8 = localiam::utf8;

namespace {

// Every decode() result over the text, in order.
std::vector<int32_t> decode_all(std::string_view text) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < text.size();) out.push_back(utf8::decode(text, i));
  return out;
}

constexpr int32_t X = utf8::kInvalid;

}  // namespace

TEST_CASE("utf8::decode reads well-formed sequences of every length", "[common][utf8]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<int32_t> code_points;
  };
  const std::vector<Case> cases = {
      {"ASCII", "aZ~", {'a', 'Z', '~'}},
      {"NUL", std::string(1, '\0'), {0}},
      {"U+007F, the last 1-byte", "\x7F", {0x7F}},
      {"U+0080, the first 2-byte", "\xC2\x80", {0x80}},
      {"U+00E9", "\xC3\xA9", {0xE9}},
      {"U+07FF, the last 2-byte", "\xDF\xBF", {0x7FF}},
      {"U+0800, the first 3-byte", "\xE0\xA0\x80", {0x800}},
      {"U+D7FF, just below the surrogates", "\xED\x9F\xBF", {0xD7FF}},
      {"U+E000, just above the surrogates", "\xEE\x80\x80", {0xE000}},
      {"U+FFFF, the last 3-byte", "\xEF\xBF\xBF", {0xFFFF}},
      {"U+10000, the first 4-byte", "\xF0\x90\x80\x80", {0x10000}},
      {"U+1F600", "\xF0\x9F\x98\x80", {0x1F600}},
      {"U+10FFFF, the last code point", "\xF4\x8F\xBF\xBF", {0x10FFFF}},
      {"mixed", "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", {'a', 0xE9, 0x20AC, 0x1F600, 'z'}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(decode_all(c.text) == c.code_points);
    CHECK(utf8::valid(c.text));
    CHECK(utf8::length(c.text) == c.code_points.size());
  }
}

TEST_CASE("utf8::decode refuses ill-formed sequences one byte at a time", "[common][utf8]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<int32_t> code_points;
  };
  const std::vector<Case> cases = {
      {"overlong 2-byte '/' (C0 AF)", "\xC0\xAF", {X, X}},
      {"overlong 2-byte NUL (C1 80)", "\xC1\x80", {X, X}},
      {"overlong 3-byte '/' (E0 80 AF)", "\xE0\x80\xAF", {X, X, X}},
      {"overlong 3-byte U+07FF (E0 9F BF)", "\xE0\x9F\xBF", {X, X, X}},
      {"overlong 4-byte '/' (F0 80 80 AF)", "\xF0\x80\x80\xAF", {X, X, X, X}},
      {"overlong 4-byte U+FFFF (F0 8F BF BF)", "\xF0\x8F\xBF\xBF", {X, X, X, X}},
      {"surrogate U+D800 (ED A0 80)", "\xED\xA0\x80", {X, X, X}},
      {"surrogate U+DBFF (ED AF BF)", "\xED\xAF\xBF", {X, X, X}},
      {"surrogate U+DC00 (ED B0 80)", "\xED\xB0\x80", {X, X, X}},
      {"surrogate U+DFFF (ED BF BF)", "\xED\xBF\xBF", {X, X, X}},
      {"U+110000 (F4 90 80 80)", "\xF4\x90\x80\x80", {X, X, X, X}},
      {"lead F5", "\xF5\x80\x80\x80", {X, X, X, X}},
      {"5-byte form (F8 88 80 80 80)", "\xF8\x88\x80\x80\x80", {X, X, X, X, X}},
      {"FF",
       "a\xFF"
       "b",
       {'a', X, 'b'}},
      {"lone continuation",
       "\x80"
       "a",
       {X, 'a'}},
      {"truncated 2-byte at the end", "a\xC3", {'a', X}},
      {"truncated 3-byte at the end", "\xE2\x82", {X, X}},
      {"truncated 4-byte at the end", "\xF0\x9F\x98", {X, X, X}},
      {"2-byte cut by ASCII", "\xC3(", {X, '('}},
      {"3-byte cut by ASCII", "\xE2\x82z", {X, X, 'z'}},
      {"4-byte cut by a new lead", "\xF0\x9F\xC3\xA9", {X, X, 0xE9}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(decode_all(c.text) == c.code_points);
    CHECK_FALSE(utf8::valid(c.text));
    CHECK(utf8::length(c.text) == c.code_points.size());
    // Each case starts with an ill-formed byte or an ASCII one.
    CHECK(utf8::sequence_length(c.text, 0) == (c.code_points[0] == X ? 0u : 1u));
  }
}

TEST_CASE("utf8 on empty text", "[common][utf8]") {
  CHECK(utf8::length("") == 0);
  CHECK(utf8::valid(""));
}
