#include "common/utf8.hpp"

namespace localiam::utf8 {

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t sequence_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  const size_t left = text.size() - i;
  // The second byte's range narrows for the leads that could spell an overlong form
  // (E0, F0), a surrogate (ED) or a code point above U+10FFFF (F4).
  if (b0 >= 0xC2 && b0 <= 0xDF) return left >= 2 && continuation(byte(1)) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !continuation(byte(1)) || !continuation(byte(2))) return 0;
    if (b0 == 0xE0 && byte(1) < 0xA0) return 0;
    if (b0 == 0xED && byte(1) > 0x9F) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !continuation(byte(1)) || !continuation(byte(2)) || !continuation(byte(3)))
      return 0;
    if (b0 == 0xF0 && byte(1) < 0x90) return 0;
    if (b0 == 0xF4 && byte(1) > 0x8F) return 0;
    return 4;
  }
  return 0;  // a continuation byte, C0, C1 or F5..FF
}

int32_t decode(std::string_view text, size_t& i) {
  const size_t n = sequence_length(text, i);
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  int32_t cp;
  switch (n) {
    case 1:
      cp = byte(0);
      break;
    case 2:
      cp = (byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
      break;
    case 3:
      cp = (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
      break;
    case 4:
      cp = (byte(0) & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 |
           (byte(3) & 0x3F);
      break;
    default:
      ++i;
      return kInvalid;
  }
  i += n;
  return cp;
}

size_t length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const size_t n = sequence_length(text, i);
    i += n ? n : 1;
  }
  return count;
}

bool valid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = sequence_length(text, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

}  // namespace localiam::utf8
