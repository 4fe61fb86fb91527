#include "federation/rsa_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <vector>

#include "federation/base64.hpp"

namespace localiam::federation {

namespace {

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, [](EVP_PKEY* k) { EVP_PKEY_free(k); });
}

bool is_rsa(EVP_PKEY* key) { return key && EVP_PKEY_is_a(key, "RSA"); }

const EVP_MD* md_of(Digest d) { return d == Digest::kSha1 ? EVP_sha1() : EVP_sha256(); }

BIGNUM* bignum_of(std::string_view b64url) {
  auto bytes = base64url_decode(b64url);
  if (!bytes || bytes->empty()) return nullptr;
  return BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                   static_cast<int>(bytes->size()), nullptr);
}

}  // namespace

RsaKey RsaKey::generate(int bits) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned int>(bits));
  return RsaKey(wrap(key), true);
}

std::optional<RsaKey> RsaKey::from_private_pem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (!is_rsa(key)) {
    EVP_PKEY_free(key);
    return std::nullopt;
  }
  return RsaKey(wrap(key), true);
}

std::optional<RsaKey> RsaKey::from_jwk(std::string_view n, std::string_view e) {
  BIGNUM* bn_n = bignum_of(n);
  BIGNUM* bn_e = bignum_of(e);
  EVP_PKEY* key = nullptr;
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  if (bn_n && bn_e && build && ctx && OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
      OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e) &&
      (params = OSSL_PARAM_BLD_to_param(build)) && EVP_PKEY_fromdata_init(ctx) > 0)
    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  BN_free(bn_n);
  BN_free(bn_e);
  if (!key) return std::nullopt;
  return RsaKey(wrap(key), false);
}

std::optional<RsaKey> RsaKey::from_certificate(std::string_view der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!cert) return std::nullopt;
  EVP_PKEY* key = X509_get_pubkey(cert);
  X509_free(cert);
  if (!is_rsa(key)) {
    EVP_PKEY_free(key);
    return std::nullopt;
  }
  return RsaKey(wrap(key), false);
}

std::string RsaKey::private_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  std::string out;
  if (bio && PEM_write_bio_PrivateKey(bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(n));
  }
  BIO_free(bio);
  return out;
}

std::string RsaKey::component(const char* name) const {
  BIGNUM* bn = nullptr;
  if (!EVP_PKEY_get_bn_param(key_.get(), name, &bn)) return "";
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return base64url_encode(bytes);
}

std::string RsaKey::thumbprint() const {
  // RFC 7638: the required members in lexicographic order, no whitespace.
  std::string canonical = "{\"e\":\"" + component(OSSL_PKEY_PARAM_RSA_E) +
                          "\",\"kty\":\"RSA\",\"n\":\"" + component(OSSL_PKEY_PARAM_RSA_N) + "\"}";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &len, EVP_sha256(), nullptr);
  return base64url_encode(std::string_view(reinterpret_cast<char*>(digest), len));
}

std::string RsaKey::public_jwk_json() const {
  return "{\"kty\":\"RSA\",\"kid\":\"" + thumbprint() +
         "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + component(OSSL_PKEY_PARAM_RSA_N) +
         "\",\"e\":\"" + component(OSSL_PKEY_PARAM_RSA_E) + "\"}";
}

std::string RsaKey::sign(std::string_view data, Digest digest) const {
  if (!private_) return "";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string out;
  size_t len = 0;
  if (ctx && EVP_DigestSignInit(ctx, nullptr, md_of(digest), nullptr, key_.get()) > 0 &&
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) > 0) {
    out.resize(len);
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) > 0)
      out.resize(len);
    else
      out.clear();
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

bool RsaKey::verify(std::string_view data, std::string_view signature, Digest digest) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, md_of(digest), nullptr, key_.get()) > 0 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                             data.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

}  // namespace localiam::federation
