#include "federation/saml_metadata.hpp"

#include <openssl/x509.h>

#include "common/clock.hpp"
#include "federation/base64.hpp"
#include "federation/xml_document.hpp"

namespace localiam::federation {

namespace {

constexpr std::string_view kMd = "urn:oasis:names:tc:SAML:2.0:metadata";
constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";

bool is_certificate(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!cert) return false;
  X509_free(cert);
  return true;
}

}  // namespace

std::optional<SamlMetadata> parse_saml_metadata(std::string_view document) {
  std::string error;
  auto root = parse_xml(document, error);
  if (!root) return std::nullopt;
  const XmlElement* entity = root->find(kMd, "EntityDescriptor");
  if (!entity) return std::nullopt;
  const XmlElement* idp = entity->child(kMd, "IDPSSODescriptor");
  if (!idp) return std::nullopt;
  SamlMetadata out;
  if (const XmlAttribute* id = entity->attribute("entityID")) out.entity_id = id->value;
  // validUntil of the EntityDescriptor, else of an enclosing EntitiesDescriptor.
  for (const XmlElement* e = entity; e; e = e->parent) {
    if (const XmlAttribute* until = e->attribute("validUntil")) {
      out.valid_until = parse_iso8601(until->value);
      if (!out.valid_until) return std::nullopt;
      break;
    }
  }
  for (const XmlElement* key : idp->children_named(kMd, "KeyDescriptor")) {
    const XmlAttribute* use = key->attribute("use");
    if (use && use->value != "signing") continue;
    const XmlElement* cert = key->find(kDs, "X509Certificate");
    if (!cert) continue;
    auto der = base64_decode(cert->text());
    if (!der || !is_certificate(*der)) return std::nullopt;
    out.signing_certificates.push_back(std::move(*der));
  }
  return out;
}

}  // namespace localiam::federation
