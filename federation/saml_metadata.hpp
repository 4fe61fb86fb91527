// SAML 2.0 identity-provider metadata, read as far as IAM needs it: the entity ID, the
// signing certificates (DER) of the IDPSSODescriptor, and validUntil.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::federation {

struct SamlMetadata {
  std::string entity_id;
  std::vector<std::string> signing_certificates;  // DER bytes
  std::optional<int64_t> valid_until;             // epoch seconds
};

// nullopt when the document is not XML, has no EntityDescriptor with an IDPSSODescriptor, or a
// certificate there is not base64 DER that OpenSSL can read.
std::optional<SamlMetadata> parse_saml_metadata(std::string_view document);

}  // namespace localiam::federation
