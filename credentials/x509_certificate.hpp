// X.509 certificates and private keys in PEM form, parsed with OpenSSL, for signing and
// server certificates: validity dates, a SHA-256 fingerprint of the DER encoding (to spot the
// same certificate uploaded twice), chains of several certificates, whether a chain signs a
// certificate, and whether a private key belongs to a certificate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace localiam::credentials {

struct Certificate {
  int64_t not_before = 0;  // epoch seconds
  int64_t not_after = 0;
  std::string fingerprint;  // hex SHA-256 of the DER encoding
};

// The first certificate in `pem`; nullopt when there is none or it does not decode.
std::optional<Certificate> parse_certificate(std::string_view pem);

// Whether `pem` holds one or more certificates and nothing else that fails to decode.
bool is_certificate_chain(std::string_view pem);

// How a certificate chain (PEM, the issuer of the certificate first, then its issuer, …) fits
// the first certificate in `certificate_pem`. `invalid_index` is meaningful when !signs: the
// position in the chain of the first certificate that the next one did not issue and sign, -1
// for the certificate itself (chain[0] is not its issuer). The last certificate of the chain
// needs no issuer (the root is usually left out).
struct ChainCheck {
  bool parsed = false;  // every block of the chain decodes, and there is at least one
  bool signs = false;
  int invalid_index = 0;
};
ChainCheck check_chain(std::string_view certificate_pem, std::string_view chain_pem);

enum class KeyMatch { kMatches, kMismatch, kUnreadableKey };

// Whether the (unencrypted) private key in `key_pem` is the certificate's key pair.
KeyMatch private_key_matches(std::string_view certificate_pem, std::string_view key_pem);

}  // namespace localiam::credentials
