// Fuzzes SAML as AssumeRoleWithSAML and CreateSAMLProvider read it: the XML parser, the Response
// reader (issuer, subject, audiences, validity, Role attributes), exclusive canonicalisation of
// the assertion, the enveloped-signature check with the certificate the document carries in its
// own KeyInfo (so that a seed signed by the test IdP verifies and the fuzzer reaches every step),
// and the metadata reader on the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "federation/base64.hpp"
#include "federation/exclusive_c14n.hpp"
#include "federation/rsa_key.hpp"
#include "federation/saml_metadata.hpp"
#include "federation/saml_response.hpp"
#include "federation/xml_signature.hpp"

using namespace localiam::federation;

namespace {

constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";

std::vector<RsaKey> keys_in(const XmlElement& root) {
  std::vector<RsaKey> keys;
  if (const XmlElement* cert = root.find(kDs, "X509Certificate"))
    if (auto der = base64_decode(cert->text()))
      if (auto key = RsaKey::from_certificate(*der)) keys.push_back(std::move(*key));
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)parse_saml_metadata(xml);
  auto response = parse_saml_response(xml);
  if (!response) return 0;
  (void)exclusive_c14n(*response->root);
  if (response->assertion)
    (void)exclusive_c14n(*response->assertion, response->assertion_signature, {"#default", "xs"});
  const std::vector<RsaKey> keys = keys_in(*response->root);
  for (const XmlElement* signature : {response->assertion_signature, response->response_signature})
    if (signature) (void)verify_enveloped_signature(*response->root, *signature, keys);
  return 0;
}
