#include "sigv4/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace localiam::sigv4 {

namespace {

// OpenSSL 3 looks an algorithm up by name on every EVP_sha256() use unless it is fetched once
// and reused; the fetched object is immutable and safe to share between threads.
const EVP_MD* sha256_md() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

// libcrypto failing to hash means the process cannot authenticate anything; continuing with
// an all-zero digest would be worse than stopping.
[[noreturn]] void crypto_failure() { std::abort(); }

// One digest context per thread, reused: EVP_Digest() and the one-shot HMAC() allocate a
// context (and HMAC() fetches its algorithm) on every call, which costs several microseconds.
EVP_MD_CTX* thread_context() {
  struct Holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Holder holder;
  if (holder.ctx == nullptr) crypto_failure();
  return holder.ctx;
}

Sha256Digest digest_of(std::string_view a, std::string_view b) {
  EVP_MD_CTX* ctx = thread_context();
  Sha256Digest out{};
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx, b.data(), b.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != out.size())
    crypto_failure();
  return out;
}

std::string_view as_view(const unsigned char* p, size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);
}

}  // namespace

Sha256Digest sha256(std::string_view data) { return digest_of(data, std::string_view()); }

// HMAC (RFC 2104) over SHA-256: H((K ^ opad) || H((K ^ ipad) || data)), 64-byte blocks.
Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;
  unsigned char block_key[kBlock] = {};
  if (key.size() > kBlock) {
    Sha256Digest hashed = sha256(key);
    std::memcpy(block_key, hashed.data(), hashed.size());
    OPENSSL_cleanse(hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block_key, key.data(), key.size());
  }
  unsigned char pad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block_key[i] ^ 0x36;
  Sha256Digest inner = digest_of(as_view(pad, kBlock), data);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block_key[i] ^ 0x5c;
  Sha256Digest out = digest_of(as_view(pad, kBlock), as_view(inner.data(), inner.size()));
  OPENSSL_cleanse(block_key, sizeof block_key);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(inner.data(), inner.size());
  return out;
}

Sha256Digest hmac_sha256(const Sha256Digest& key, std::string_view data) {
  return hmac_sha256(as_view(key.data(), key.size()), data);
}

void hex_encode(const Sha256Digest& digest, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0f];
  }
}

void append_hex(std::string& out, const Sha256Digest& digest) {
  char buf[64];
  hex_encode(digest, buf);
  out.append(buf, sizeof buf);
}

std::string to_hex(const Sha256Digest& digest) {
  std::string out;
  append_hex(out, digest);
  return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace localiam::sigv4
