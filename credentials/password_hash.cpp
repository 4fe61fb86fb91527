#include "credentials/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "credentials/base32.hpp"

namespace localiam::credentials {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// Refuse absurd costs read back from storage (a corrupt or hostile state import).
constexpr int kMaxIterations = 10'000'000;

std::string derive(std::string_view password, std::string_view salt, int iterations) {
  std::string out(kHashBytes, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()),
                        reinterpret_cast<unsigned char*>(out.data())) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

struct ParsedHash {
  int iterations = 0;
  std::string salt, hash;
};

std::optional<ParsedHash> parse(std::string_view stored) {
  auto next = [&stored]() {
    const size_t at = stored.find('$');
    std::string_view field = stored.substr(0, at);
    stored = at == std::string_view::npos ? std::string_view() : stored.substr(at + 1);
    return field;
  };
  if (next() != kScheme) return std::nullopt;
  const std::string_view count = next();
  ParsedHash parsed;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), parsed.iterations);
  if (ec != std::errc() || end != count.data() + count.size() || parsed.iterations < 1 ||
      parsed.iterations > kMaxIterations)
    return std::nullopt;
  auto salt = base64_decode(next());
  auto hash = base64_decode(next());
  if (!salt || !hash || salt->empty() || hash->size() != kHashBytes || !stored.empty())
    return std::nullopt;
  parsed.salt = std::move(*salt);
  parsed.hash = std::move(*hash);
  return parsed;
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + base64_encode(salt) + "$" +
         base64_encode(derive(password, salt, iterations));
}

bool verify_password(std::string_view password, std::string_view stored) {
  const auto parsed = parse(stored);
  if (!parsed) return false;
  const std::string computed = derive(password, parsed->salt, parsed->iterations);
  return CRYPTO_memcmp(computed.data(), parsed->hash.data(), kHashBytes) == 0;
}

}  // namespace localiam::credentials
