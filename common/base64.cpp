#include "common/base64.hpp"

#include <openssl/evp.h>

#include <limits>

namespace localiam {

namespace {

bool standard_symbol(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

std::string encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// EVP_DecodeBlock wants whole padded quads and takes '=' anywhere as a zero, so the text is
// checked and brought into that shape here, and the padding's zero bytes cut off after.
std::optional<std::string> decode(std::string_view text, bool url) {
  std::string quads;
  quads.reserve(text.size() + 3);
  size_t padding = 0;
  for (char c : text) {
    if (!url && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding) return std::nullopt;  // data after padding
    if (url) {
      if (c == '+' || c == '/') return std::nullopt;
      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
    }
    if (!standard_symbol(c)) return std::nullopt;
    quads.push_back(c);
  }
  const size_t symbols = quads.size();
  if (symbols % 4 == 1 || padding > 2) return std::nullopt;
  if (padding && (symbols + padding) % 4 != 0) return std::nullopt;
  if (quads.size() > static_cast<size_t>(std::numeric_limits<int>::max() - 3)) return std::nullopt;
  const size_t pad = (4 - symbols % 4) % 4;
  quads.append(pad, '=');
  std::string out(quads.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(quads.data()),
                                static_cast<int>(quads.size()));
  if (n < 0 || static_cast<size_t>(n) < pad) return std::nullopt;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) { return encode(bytes); }

std::string base64url_encode(std::string_view bytes) {
  std::string out = encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) { return decode(text, false); }
std::optional<std::string> base64url_decode(std::string_view text) { return decode(text, true); }

}  // namespace localiam
