#include "credentials/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

namespace localiam::credentials {

int64_t totp_step(int64_t epoch_seconds) {
  // Floor division, so that times before 1970 (never in practice) stay consistent.
  return epoch_seconds >= 0 ? epoch_seconds / kTotpStepSeconds
                            : -((-epoch_seconds + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

std::string hotp_code(const std::vector<uint8_t>& key, uint64_t counter) {
  uint8_t message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<uint8_t>(counter & 0xFF);
    counter >>= 8;
  }
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, digest,
       &digest_length);
  // RFC 4226 dynamic truncation.
  const int offset = digest[digest_length - 1] & 0x0F;
  const uint32_t binary = ((digest[offset] & 0x7F) << 24) | (digest[offset + 1] << 16) |
                          (digest[offset + 2] << 8) | digest[offset + 3];
  char code[8];
  std::snprintf(code, sizeof code, "%06u", binary % 1000000u);
  return code;
}

std::optional<int64_t> find_consecutive_codes(const std::vector<uint8_t>& key,
                                              std::string_view first, std::string_view second,
                                              int64_t center, int before, int after) {
  for (int64_t s = center - before; s <= center + after; ++s) {
    if (s < 0) continue;
    if (hotp_code(key, static_cast<uint64_t>(s)) == first &&
        hotp_code(key, static_cast<uint64_t>(s + 1)) == second)
      return s;
  }
  return std::nullopt;
}

std::optional<int64_t> find_code(const std::vector<uint8_t>& key, std::string_view code,
                                 int64_t center, int before, int after) {
  for (int64_t s = center - before; s <= center + after; ++s) {
    if (s >= 0 && hotp_code(key, static_cast<uint64_t>(s)) == code) return s;
  }
  return std::nullopt;
}

}  // namespace localiam::credentials
