// A small XML parser for identity-federation documents (SAML metadata and responses): elements
// with their qualified names, attributes in document order, text, and namespace lookup. It keeps
// what exclusive canonicalization needs and refuses DTDs (no entity expansion of any kind beyond
// the five predefined entities and character references).
// Why not libxml2 (issue 18): this tree is what the signature verifier canonicalises and what the
// SAML reader reads, so both see one document (see xml_signature.hpp for the whole argument);
// it holds only federation documents and refuses DTDs, where libxml2's risks (entities, external
// loading) live. fuzz/saml_fuzzer and xml_roundtrip_fuzzer exercise it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localiam::federation {

struct XmlAttribute {
  std::string qname;  // as written: "ID", "xmlns:saml", "xml:lang"
  std::string value;  // entity references decoded
  std::string_view prefix() const;
  std::string_view local() const;
  bool is_namespace_declaration() const { return qname == "xmlns" || qname.starts_with("xmlns:"); }
};

struct XmlElement;

// A child of an element: either an element or a run of text (comments are dropped).
struct XmlChild {
  std::unique_ptr<XmlElement> element;  // null for text
  std::string text;
};

struct XmlElement {
  std::string qname;
  std::vector<XmlAttribute> attributes;
  std::vector<XmlChild> children;
  const XmlElement* parent = nullptr;

  std::string_view prefix() const;
  std::string_view local() const;
  // The namespace URI bound to `prefix` here or in an ancestor ("" = default namespace);
  // nullopt when unbound ("xml" is always bound).
  std::optional<std::string> namespace_for(std::string_view prefix) const;
  // This element's namespace URI ("" when none).
  std::string namespace_uri() const;
  // The attribute with this (unprefixed) name, or nullptr.
  const XmlAttribute* attribute(std::string_view qname) const;
  // First child element with this local name and namespace URI, or nullptr.
  const XmlElement* child(std::string_view ns, std::string_view local) const;
  std::vector<const XmlElement*> children_named(std::string_view ns, std::string_view local) const;
  // The first descendant (depth first, this element included) with this name, or nullptr.
  const XmlElement* find(std::string_view ns, std::string_view local) const;
  // The concatenated text of this element and its descendants.
  std::string text() const;
};

// Parses a document; nullptr with `error` set when it is not well-formed XML (or has a DTD).
std::unique_ptr<XmlElement> parse_xml(std::string_view text, std::string& error);

}  // namespace localiam::federation
