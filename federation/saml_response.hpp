// A SAML 2.0 Response (as posted to AWS) read as far as AssumeRoleWithSAML needs: the
// Assertion's issuer, subject (NameID and its Format), audiences, recipient, validity window,
// the AWS Role and RoleSessionName attributes, and where the signatures are. Parsing checks no
// signature: see xml_signature.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/xml_document.hpp"

namespace localiam::federation {

struct SamlResponse {
  std::unique_ptr<XmlElement> root;  // the whole document
  const XmlElement* assertion = nullptr;
  const XmlElement* assertion_signature = nullptr;     // ds:Signature child of the Assertion
  const XmlElement* response_signature = nullptr;      // ds:Signature child of the Response
  std::string issuer;                                  // Assertion Issuer (else the Response's)
  std::string subject;                                 // NameID text
  std::string name_id_format;                          // NameID Format ("" when absent)
  std::vector<std::string> audiences;                  // AudienceRestriction/Audience
  std::string recipient;                               // SubjectConfirmationData Recipient
  std::optional<int64_t> not_before, not_on_or_after;  // Conditions (else SubjectConfirmationData)
  std::vector<std::string> roles;  // Role attribute values "role-arn,provider-arn"
  std::optional<std::string> session_name;
  std::optional<int64_t> session_duration;
};

// nullopt when `xml` is not a samlp:Response holding exactly one saml:Assertion (as its child;
// a second one anywhere in the document, or a DTD, refuses the whole response).
std::optional<SamlResponse> parse_saml_response(std::string_view xml);

}  // namespace localiam::federation
