// Exclusive XML Canonicalization 1.0 without comments (http://www.w3.org/2001/10/xml-exc-c14n#),
// as XML signatures over SAML assertions use it. Works on the parsed tree (xml_document.hpp),
// which already normalised line ends and attribute values and dropped comments. Limits: no DTD
// defaults (DTDs are refused anyway), no processing instructions inside the subtree (the parser
// drops them), and no relative namespace URIs checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "federation/xml_document.hpp"

namespace localiam::federation {

// The canonical form of `element` and its subtree, leaving out `skip` (the enveloped Signature,
// or nullptr). `inclusive_prefixes` (InclusiveNamespaces PrefixList, "#default" for the default
// namespace) are rendered wherever they are in scope, as inclusive canonicalisation would.
std::string exclusive_c14n(const XmlElement& element, const XmlElement* skip = nullptr,
                           const std::vector<std::string>& inclusive_prefixes = {});

}  // namespace localiam::federation
