#include "credentials/ssh_public_key.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "credentials/base32.hpp"

namespace localiam::credentials {

namespace {

struct Curve {
  const char* ssh_name;  // "nistp256"
  const char* group;     // OpenSSL's group name
  int bits;
};
constexpr Curve kCurves[] = {{"nistp256", "prime256v1", 256},
                             {"nistp384", "secp384r1", 384},
                             {"nistp521", "secp521r1", 521}};

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

// Reads the SSH wire format: uint32 lengths, strings, mpints.
class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}
  std::optional<std::string_view> string() {
    if (data_.size() < 4) return std::nullopt;
    const uint32_t n = (uint8_t(data_[0]) << 24) | (uint8_t(data_[1]) << 16) |
                       (uint8_t(data_[2]) << 8) | uint8_t(data_[3]);
    if (data_.size() - 4 < n) return std::nullopt;
    std::string_view out = data_.substr(4, n);
    data_.remove_prefix(4 + n);
    return out;
  }
  bool done() const { return data_.empty(); }

 private:
  std::string_view data_;
};

void put_string(std::string& out, std::string_view s) {
  const auto n = static_cast<uint32_t>(s.size());
  out += {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
  out.append(s);
}

// An mpint: big-endian two's complement, minimal, with a 0 byte before a set top bit.
void put_mpint(std::string& out, const BIGNUM* bn) {
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  if (!bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
  put_string(out, bytes);
}

std::optional<std::string> pem_of(EVP_PKEY* pkey) {
  BioPtr bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) return std::nullopt;
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

PkeyPtr pkey_from_params(const char* type, OSSL_PARAM_BLD* builder) {
  PkeyPtr none(nullptr, EVP_PKEY_free);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* pkey = nullptr;
  if (ctx && params && EVP_PKEY_fromdata_init(ctx) == 1)
    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return PkeyPtr(pkey, EVP_PKEY_free);
}

// The key from its SSH wire encoding, checked by OpenSSL.
std::optional<SshPublicKey> from_blob(std::string_view algorithm, std::string_view blob) {
  WireReader r(blob);
  auto name = r.string();
  if (!name || *name != algorithm) return std::nullopt;
  SshPublicKey key;
  key.algorithm = std::string(algorithm);
  key.blob = std::string(blob);
  PkeyPtr pkey(nullptr, EVP_PKEY_free);
  if (algorithm == "ssh-rsa") {
    auto e = r.string(), n = r.string();
    if (!e || !n || !r.done() || n->empty() || e->empty()) return std::nullopt;
    BnPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                         static_cast<int>(e->size()), nullptr),
               BN_free);
    BnPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                         static_cast<int>(n->size()), nullptr),
               BN_free);
    if (!bn_e || !bn_n || BN_is_zero(bn_n.get()) || !BN_is_odd(bn_e.get())) return std::nullopt;
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn_n.get());
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bn_e.get());
    pkey = pkey_from_params("RSA", builder);
    OSSL_PARAM_BLD_free(builder);
    key.bits = BN_num_bits(bn_n.get());
  } else if (algorithm == "ssh-ed25519") {
    auto raw = r.string();
    if (!raw || raw->size() != 32 || !r.done()) return std::nullopt;
    pkey.reset(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw->data()), 32));
    key.bits = 256;
  } else {
    auto curve_name = r.string(), point = r.string();
    if (!curve_name || !point || !r.done()) return std::nullopt;
    const Curve* curve = nullptr;
    for (const Curve& c : kCurves)
      if (algorithm == std::string("ecdsa-sha2-") + c.ssh_name && *curve_name == c.ssh_name)
        curve = &c;
    if (!curve) return std::nullopt;
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, curve->group, 0);
    OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point->data(),
                                     point->size());
    pkey = pkey_from_params("EC", builder);
    OSSL_PARAM_BLD_free(builder);
    // fromdata does not check that the point lies on the curve; a public check does.
    if (pkey) {
      EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr);
      const bool ok = check && EVP_PKEY_public_check(check) == 1;
      EVP_PKEY_CTX_free(check);
      if (!ok) return std::nullopt;
    }
    key.bits = curve->bits;
  }
  if (!pkey) return std::nullopt;
  auto pem = pem_of(pkey.get());
  if (!pem) return std::nullopt;
  key.pem = std::move(*pem);
  return key;
}

bool known_algorithm(std::string_view algorithm) {
  if (algorithm == "ssh-rsa" || algorithm == "ssh-ed25519") return true;
  for (const Curve& c : kCurves)
    if (algorithm == std::string("ecdsa-sha2-") + c.ssh_name) return true;
  return false;
}

// The SSH wire encoding of a key OpenSSL has decoded from PEM.
std::optional<std::string> blob_of(EVP_PKEY* pkey, std::string* algorithm) {
  std::string blob;
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    const bool ok = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
                    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1;
    if (ok) {
      *algorithm = "ssh-rsa";
      put_string(blob, *algorithm);
      put_mpint(blob, e);
      put_mpint(blob, n);
    }
    BN_free(n);
    BN_free(e);
    if (!ok) return std::nullopt;
    return blob;
  }
  if (EVP_PKEY_is_a(pkey, "ED25519")) {
    unsigned char raw[32];
    size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(pkey, raw, &length) != 1 || length != 32) return std::nullopt;
    *algorithm = "ssh-ed25519";
    put_string(blob, *algorithm);
    put_string(blob, std::string_view(reinterpret_cast<char*>(raw), length));
    return blob;
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64];
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       nullptr) != 1)
      return std::nullopt;
    unsigned char point[200];
    size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
                                        sizeof point, &length) != 1)
      return std::nullopt;
    for (const Curve& c : kCurves) {
      if (std::string_view(group) != c.group) continue;
      *algorithm = std::string("ecdsa-sha2-") + c.ssh_name;
      put_string(blob, *algorithm);
      put_string(blob, c.ssh_name);
      put_string(blob, std::string_view(reinterpret_cast<char*>(point), length));
      return blob;
    }
  }
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

SshKeyParse parse_pem(std::string_view text) {
  SshKeyParse result;
  const bool public_key = text.find("-----BEGIN PUBLIC KEY-----") != std::string_view::npos ||
                          text.find("-----BEGIN RSA PUBLIC KEY-----") != std::string_view::npos;
  if (!public_key) return result;  // a private key, a certificate, …: not a public key
  result.problem = SshKeyProblem::kInvalid;
  EVP_PKEY* decoded = nullptr;
  OSSL_DECODER_CTX* decoder = OSSL_DECODER_CTX_new_for_pkey(&decoded, "PEM", nullptr, nullptr,
                                                            EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
  if (decoder && bio) OSSL_DECODER_from_bio(decoder, bio.get());
  OSSL_DECODER_CTX_free(decoder);
  PkeyPtr pkey(decoded, EVP_PKEY_free);
  if (!pkey) return result;
  std::string algorithm;
  auto blob = blob_of(pkey.get(), &algorithm);
  if (!blob) {
    result.problem = SshKeyProblem::kUnrecognized;  // a key type SSH has no name for
    return result;
  }
  result.key = from_blob(algorithm, *blob);
  return result;
}

}  // namespace

SshKeyParse parse_ssh_public_key(std::string_view text) {
  text = trim(text);
  if (text.substr(0, 5) == "-----") return parse_pem(text);
  SshKeyParse result;
  const size_t space = text.find_first_of(" \t");
  const std::string_view algorithm = text.substr(0, space);
  if (!known_algorithm(algorithm) || space == std::string_view::npos) return result;
  result.problem = SshKeyProblem::kInvalid;
  std::string_view rest = trim(text.substr(space));
  const std::string_view encoded = rest.substr(0, rest.find_first_of(" \t"));
  auto blob = base64_decode(encoded);
  if (!blob) return result;
  result.key = from_blob(algorithm, *blob);
  return result;
}

std::string ssh_public_key_line(const SshPublicKey& key) {
  return key.algorithm + " " + base64_encode(key.blob);
}

std::string md5_fingerprint(std::string_view blob) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(blob.data(), blob.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace localiam::credentials
