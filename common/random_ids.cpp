#include "common/random_ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace localiam {

namespace {

void fill_random(unsigned char* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

std::string random_from_alphabet(std::string_view alphabet, size_t length) {
  // Alphabets here have 32 or 64 symbols, so masking the byte keeps the choice uniform.
  std::vector<unsigned char> bytes(length);
  fill_random(bytes.data(), bytes.size());
  std::string out;
  out.reserve(length);
  for (unsigned char b : bytes) out.push_back(alphabet[b % alphabet.size()]);
  return out;
}

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string random_base32(std::string_view prefix, size_t length) {
  return std::string(prefix) + random_from_alphabet(kBase32, length);
}

std::string make_unique_id(std::string_view prefix) { return random_base32(prefix, 17); }

std::string make_access_key_id(std::string_view prefix) { return random_base32(prefix, 16); }

std::string make_secret_access_key() { return random_from_alphabet(kBase64, 40); }

std::string make_session_token() {
  // Shaped like current AWS tokens ("IQoJb3JpZ2luX2Vj…"): a fixed prefix and opaque base64.
  return "IQoJb3JpZ2luX2VjE" + random_from_alphabet(kBase64, 340) + "==";
}

std::string make_request_id() {
  std::array<unsigned char, 16> b{};
  fill_random(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char buf[37];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return buf;
}

}  // namespace localiam
