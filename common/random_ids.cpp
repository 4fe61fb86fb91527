#include "common/random_ids.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace localiam {

namespace {

void fill_random(unsigned char* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

// RAND_bytes costs about 10 µs a call on this OpenSSL (parameter lookups, locks, getpid),
// whatever the size: each thread draws a block at once and hands it out piece by piece. Every
// byte is still the DRBG's and is used once; a used byte is wiped from the block.
void take_random(unsigned char* out, size_t n) {
  thread_local std::array<unsigned char, 1024> block{};
  thread_local size_t used = block.size();
  while (n > 0) {
    if (used == block.size()) {
      fill_random(block.data(), block.size());
      used = 0;
    }
    const size_t take = std::min(n, block.size() - used);
    std::memcpy(out, block.data() + used, take);
    std::memset(block.data() + used, 0, take);
    used += take;
    out += take;
    n -= take;
  }
}

std::string random_from_alphabet(std::string_view alphabet, size_t length) {
  // Alphabets here have 32 or 64 symbols, so masking the byte keeps the choice uniform.
  std::vector<unsigned char> bytes(length);
  take_random(bytes.data(), bytes.size());
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
  // Request ids need to be unique, not secret: a per-thread generator seeded once from
  // RAND_bytes (SplitMix64) saves the DRBG's lock and cost on every request.
  thread_local uint64_t state = [] {
    uint64_t seed = 0;
    fill_random(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
    return seed;
  }();
  auto next = [] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  std::array<unsigned char, 16> b{};
  for (size_t half = 0; half < 2; ++half) {
    uint64_t v = next();
    for (size_t i = 0; i < 8; ++i) b[half * 8 + i] = static_cast<unsigned char>(v >> (8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // UUID version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[b[i] >> 4];
    id += kHex[b[i] & 0x0f];
  }
  return id;
}

}  // namespace localiam
