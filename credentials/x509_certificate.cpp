#include "credentials/x509_certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <vector>

namespace localiam::credentials {

namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
}

// Reads the next certificate; a passphrase callback that refuses keeps OpenSSL from prompting.
X509Ptr read_certificate(BIO* bio) {
  return X509Ptr(PEM_read_bio_X509(
                     bio, nullptr, [](char*, int, int, void*) { return 0; }, nullptr),
                 X509_free);
}

std::optional<int64_t> epoch_of(const ASN1_TIME* time) {
  std::tm tm{};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

// Every certificate in `pem`, in order; nullopt when a block does not decode or there is none.
std::optional<std::vector<X509Ptr>> read_chain(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  std::vector<X509Ptr> certs;
  while (X509Ptr cert = read_certificate(bio.get())) certs.push_back(std::move(cert));
  // The loop ends at the end of the input (PEM_R_NO_START_LINE) or at a block that does not
  // decode; only the former is a well-formed chain.
  const unsigned long error = ERR_peek_last_error();
  const bool clean_end =
      ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE;
  ERR_clear_error();
  if (certs.empty() || !clean_end) return std::nullopt;
  return certs;
}

// Whether `issuer` names itself as the issuer of `subject` and its key verifies the signature.
bool issued_by(X509* subject, X509* issuer) {
  EVP_PKEY* key = X509_get0_pubkey(issuer);
  const bool ok =
      X509_check_issued(issuer, subject) == X509_V_OK && key && X509_verify(subject, key) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace

std::optional<Certificate> parse_certificate(std::string_view pem) {
  BioPtr bio = memory_bio(pem);
  X509Ptr cert = read_certificate(bio.get());
  ERR_clear_error();
  if (!cert) return std::nullopt;
  auto not_before = epoch_of(X509_get0_notBefore(cert.get()));
  auto not_after = epoch_of(X509_get0_notAfter(cert.get()));
  if (!not_before || !not_after) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest, &length) != 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  Certificate out{*not_before, *not_after, {}};
  for (unsigned int i = 0; i < length; ++i) {
    out.fingerprint.push_back(kHex[digest[i] >> 4]);
    out.fingerprint.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

bool is_certificate_chain(std::string_view pem) { return read_chain(pem).has_value(); }

ChainCheck check_chain(std::string_view certificate_pem, std::string_view chain_pem) {
  ChainCheck out;
  auto chain = read_chain(chain_pem);
  if (!chain) return out;
  out.parsed = true;
  BioPtr bio = memory_bio(certificate_pem);
  X509Ptr leaf = read_certificate(bio.get());
  ERR_clear_error();
  X509* subject = leaf.get();
  for (size_t i = 0; i < chain->size(); ++i) {
    if (!subject || !issued_by(subject, (*chain)[i].get())) {
      out.invalid_index = static_cast<int>(i) - 1;
      return out;
    }
    subject = (*chain)[i].get();
  }
  out.signs = true;
  return out;
}

KeyMatch private_key_matches(std::string_view certificate_pem, std::string_view key_pem) {
  BioPtr cert_bio = memory_bio(certificate_pem);
  X509Ptr cert = read_certificate(cert_bio.get());
  BioPtr key_bio = memory_bio(key_pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(
                  key_bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr),
              EVP_PKEY_free);
  KeyMatch result = KeyMatch::kUnreadableKey;
  if (cert && key) {
    EVP_PKEY* public_key = X509_get0_pubkey(cert.get());
    result = public_key && EVP_PKEY_eq(public_key, key.get()) == 1 ? KeyMatch::kMatches
                                                                   : KeyMatch::kMismatch;
  }
  ERR_clear_error();
  return result;
}

}  // namespace localiam::credentials
