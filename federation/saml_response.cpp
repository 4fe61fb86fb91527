#include "federation/saml_response.hpp"

#include <charconv>

#include "common/clock.hpp"

namespace localiam::federation {

namespace {

constexpr std::string_view kSaml = "urn:oasis:names:tc:SAML:2.0:assertion";
constexpr std::string_view kSamlp = "urn:oasis:names:tc:SAML:2.0:protocol";
constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view kRole = "https://aws.amazon.com/SAML/Attributes/Role";
constexpr std::string_view kSessionName = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
constexpr std::string_view kSessionDuration =
    "https://aws.amazon.com/SAML/Attributes/SessionDuration";

std::string trimmed(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::optional<int64_t> time_attribute(const XmlElement* e, std::string_view name) {
  const XmlAttribute* a = e ? e->attribute(name) : nullptr;
  if (!a) return std::nullopt;
  return parse_iso8601(a->value);
}

size_t count_named(const XmlElement& e, std::string_view ns, std::string_view local) {
  size_t n = e.local() == local && e.namespace_uri() == ns ? 1 : 0;
  for (const auto& c : e.children)
    if (c.element) n += count_named(*c.element, ns, local);
  return n;
}

}  // namespace

std::optional<SamlResponse> parse_saml_response(std::string_view xml) {
  std::string error;
  SamlResponse r;
  r.root = parse_xml(xml, error);
  if (!r.root || r.root->local() != "Response" || r.root->namespace_uri() != kSamlp)
    return std::nullopt;
  r.assertion = r.root->child(kSaml, "Assertion");
  if (!r.assertion) return std::nullopt;
  // Exactly one Assertion in the whole document: with two, which one was signed and which one
  // is read could differ (signature wrapping), so none is read.
  if (count_named(*r.root, kSaml, "Assertion") != 1) return std::nullopt;
  r.response_signature = r.root->child(kDs, "Signature");
  r.assertion_signature = r.assertion->child(kDs, "Signature");

  if (const XmlElement* issuer = r.assertion->child(kSaml, "Issuer"))
    r.issuer = trimmed(issuer->text());
  else if (const XmlElement* issuer = r.root->child(kSaml, "Issuer"))
    r.issuer = trimmed(issuer->text());

  if (const XmlElement* subject = r.assertion->child(kSaml, "Subject")) {
    if (const XmlElement* id = subject->child(kSaml, "NameID")) {
      r.subject = trimmed(id->text());
      if (const XmlAttribute* f = id->attribute("Format")) r.name_id_format = f->value;
    }
    if (const XmlElement* confirmation = subject->child(kSaml, "SubjectConfirmation")) {
      const XmlElement* data = confirmation->child(kSaml, "SubjectConfirmationData");
      if (data) {
        if (const XmlAttribute* recipient = data->attribute("Recipient"))
          r.recipient = recipient->value;
        r.not_on_or_after = time_attribute(data, "NotOnOrAfter");
      }
    }
  }
  if (const XmlElement* conditions = r.assertion->child(kSaml, "Conditions")) {
    r.not_before = time_attribute(conditions, "NotBefore");
    if (auto until = time_attribute(conditions, "NotOnOrAfter")) r.not_on_or_after = until;
    for (const XmlElement* restriction : conditions->children_named(kSaml, "AudienceRestriction"))
      for (const XmlElement* audience : restriction->children_named(kSaml, "Audience"))
        r.audiences.push_back(trimmed(audience->text()));
  }
  for (const XmlElement* statement : r.assertion->children_named(kSaml, "AttributeStatement")) {
    for (const XmlElement* attribute : statement->children_named(kSaml, "Attribute")) {
      const XmlAttribute* name = attribute->attribute("Name");
      if (!name) continue;
      for (const XmlElement* value : attribute->children_named(kSaml, "AttributeValue")) {
        std::string text = trimmed(value->text());
        if (name->value == kRole) {
          r.roles.push_back(text);
        } else if (name->value == kSessionName && !r.session_name) {
          r.session_name = text;
        } else if (name->value == kSessionDuration && !r.session_duration) {
          int64_t seconds = 0;
          auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
          if (ec == std::errc() && end == text.data() + text.size()) r.session_duration = seconds;
        }
      }
    }
  }
  return r;
}

}  // namespace localiam::federation
