// Verification of an enveloped XML signature (XML-DSig) as SAML identity providers make them:
// one Reference, by an ID no other element carries, to the element enclosing the Signature; the
// enveloped-signature and exclusive-c14n transforms, exclusive c14n of SignedInfo, RSA-SHA256 or
// RSA-SHA1, SHA-256 or SHA-1 digests. Anything else (inclusive c14n, other transforms, several
// references, HMAC, ECDSA) is reported as unsupported rather than guessed at. Keys come only
// from the caller (the provider's metadata); KeyInfo in the document is never read. The parser
// drops comments, so #WithComments is read as without: a signature over comments fails.
//
// Why ours and not libxmlsec1 (issue 18): signature-wrapping holes come from verifying one
// element and reading another. Here the verifier and the SAML reader work on the same parsed
// tree, and the verifier returns the element it verified, which the caller compares with the
// one it reads. With libxmlsec1 the document would be parsed by libxml2 for the signature and
// the check "is the verified node the one consumed" must be rebuilt on libxmlsec's reference
// context, with its ID registration, XPointer/XSLT transforms and KeyInfo key lookup switched
// off by hand; that is where library users usually go wrong. This profile is small (about 130
// lines), refuses everything outside it, and tests/integration/test_saml_wrapping.py holds the
// XSW1-8 rearrangements, duplicate IDs, comment injection and DTDs against it (fuzz/saml_fuzzer
// too). Revisit if other signature profiles (ECDSA, several references) are ever needed.
#pragma once

#include <string>
#include <vector>

#include "federation/rsa_key.hpp"
#include "federation/xml_document.hpp"

namespace localiam::federation {

struct SignatureCheck {
  bool valid = false;
  std::string problem;                         // why not, when !valid
  const XmlElement* signed_element = nullptr;  // what the Reference points at
};

// Checks `signature` (a ds:Signature element inside the document rooted at `root`) against
// each of `keys` in turn; valid when one of them verifies.
SignatureCheck verify_enveloped_signature(const XmlElement& root, const XmlElement& signature,
                                          const std::vector<RsaKey>& keys);

}  // namespace localiam::federation
