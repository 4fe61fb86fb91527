// Verification of an enveloped XML signature (XML-DSig) as SAML identity providers make them:
// one Reference to the signed element by ID, the enveloped-signature and exclusive-c14n
// transforms, exclusive c14n of SignedInfo, RSA-SHA256 or RSA-SHA1, SHA-256 or SHA-1 digests.
// Anything else (inclusive c14n, other transforms, several references, HMAC, ECDSA) is reported
// as unsupported rather than guessed at.
#pragma once

#include <string>
#include <vector>

#include "federation/rsa_key.hpp"
#include "federation/xml_document.hpp"

namespace localiam::federation {

struct SignatureCheck {
  bool valid = false;
  std::string problem;                     // why not, when !valid
  const XmlElement* signed_element = nullptr;  // what the Reference points at
};

// Checks `signature` (a ds:Signature element inside the document rooted at `root`) against
// each of `keys` in turn; valid when one of them verifies.
SignatureCheck verify_enveloped_signature(const XmlElement& root, const XmlElement& signature,
                                          const std::vector<RsaKey>& keys);

}  // namespace localiam::federation
