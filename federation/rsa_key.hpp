// RSA keys for signing and verifying (RS256 JWTs, RSA-SHA1/SHA256 XML signatures) on OpenSSL 3:
// generation, PEM in and out, the public key as a JWK (with its RFC 7638 thumbprint as kid),
// public keys from a JWK's n/e or from an X.509 certificate. Keys are immutable once made;
// sharing one between threads is safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace localiam::federation {

enum class Digest { kSha1, kSha256 };

class RsaKey {
 public:
  // A fresh key of `bits` bits (public exponent 65537).
  static RsaKey generate(int bits = 2048);
  // A private key from PKCS#8 or traditional PEM; nullopt if unreadable or not RSA.
  static std::optional<RsaKey> from_private_pem(std::string_view pem);
  // A public key from a JWK's base64url modulus and exponent; nullopt if malformed.
  static std::optional<RsaKey> from_jwk(std::string_view n, std::string_view e);
  // The public key of a DER X.509 certificate; nullopt if unreadable or not RSA.
  static std::optional<RsaKey> from_certificate(std::string_view der);

  std::string private_pem() const;  // PKCS#8 PEM (private keys only)
  // {"kty":"RSA","kid":…,"use":"sig","alg":"RS256","n":…,"e":…}
  std::string public_jwk_json() const;
  // RFC 7638 SHA-256 thumbprint of the public key, base64url.
  std::string thumbprint() const;
  bool has_private() const { return private_; }

  // PKCS#1 v1.5 signature of `data` (private keys only); "" on failure.
  std::string sign(std::string_view data, Digest digest = Digest::kSha256) const;
  bool verify(std::string_view data, std::string_view signature,
              Digest digest = Digest::kSha256) const;

 private:
  RsaKey(std::shared_ptr<EVP_PKEY> key, bool has_private)
      : key_(std::move(key)), private_(has_private) {}
  std::string component(const char* name) const;  // base64url big-endian of n or e

  std::shared_ptr<EVP_PKEY> key_;
  bool private_ = false;
};

}  // namespace localiam::federation
