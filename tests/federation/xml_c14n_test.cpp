#include <catch2/catch.hpp>
#include <functional>

#include "federation/exclusive_c14n.hpp"
#include "federation/xml_document.hpp"

using namespace localiam::federation;

namespace {

std::unique_ptr<XmlElement> parse(const std::string& xml) {
  std::string error;
  auto root = parse_xml(xml, error);
  INFO(error);
  REQUIRE(root);
  return root;
}

}  // namespace

TEST_CASE("the XML parser: names, namespaces, references, refusals", "[federation]") {
  auto root = parse(
      "<?xml version='1.0'?>\n<!-- c --><a:r xmlns:a='urn:a' xmlns='urn:d' x='1 &amp; &#x41;'>"
      "<b>t&lt;<![CDATA[<raw>]]></b><a:c/></a:r>");
  CHECK(root->qname == "a:r");
  CHECK(root->namespace_uri() == "urn:a");
  CHECK(root->attribute("x")->value == "1 & A");
  const XmlElement* b = root->child("urn:d", "b");
  REQUIRE(b);
  CHECK(b->text() == "t<<raw>");
  CHECK(root->child("urn:a", "c"));
  CHECK_FALSE(root->namespace_for("zz"));

  std::string error;
  for (const char* bad : {"", "<a>", "<a></b>", "<a x='1' x='2'/>", "<a/><b/>",
                          "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "<a>&bogus;</a>"})
    CHECK_FALSE(parse_xml(bad, error));
}

TEST_CASE("exclusive canonicalisation", "[federation]") {
  struct Case {
    const char* xml;
    const char* path;  // local name of the element to canonicalise ("" = root)
    const char* canonical;
  };
  const Case cases[] = {
      // Attribute order, quotes, empty elements, unused namespaces dropped.
      {"<r xmlns:u='urn:unused' b='2' a='1'><e/></r>", "", "<r a=\"1\" b=\"2\"><e></e></r>"},
      // A namespace used by the subtree comes down from an ancestor, once.
      {"<p:top xmlns:p='urn:p' xmlns:q='urn:q'><p:x q:at='v'><p:y/></p:x></p:top>", "x",
       "<p:x xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" q:at=\"v\"><p:y></p:y></p:x>"},
      // Escaping in text and attributes; line ends normalised.
      {"<r a='&quot;&lt;&#9;'>a&amp;b&gt;\r\nc</r>", "",
       "<r a=\"&quot;&lt;&#x9;\">a&amp;b&gt;\nc</r>"},
      // Default namespace rendered where first used, and undone with xmlns="".
      {"<r xmlns='urn:d'><s><t xmlns=''/></s></r>", "s",
       "<s xmlns=\"urn:d\"><t xmlns=\"\"></t></s>"},
      // Attributes sort by namespace URI, then local name (no namespace first).
      {"<r xmlns:b='urn:1' xmlns:a='urn:2' a:z='1' b:y='2' c='3'/>", "",
       "<r xmlns:a=\"urn:2\" xmlns:b=\"urn:1\" c=\"3\" b:y=\"2\" a:z=\"1\"></r>"},
  };
  for (const auto& c : cases) {
    auto root = parse(c.xml);
    const XmlElement* target = root.get();
    if (*c.path) {
      std::string error;
      std::function<const XmlElement*(const XmlElement&)> find = [&](const XmlElement& e) {
        if (e.local() == c.path) return &e;
        for (const auto& ch : e.children)
          if (ch.element)
            if (auto* f = find(*ch.element)) return f;
        return static_cast<const XmlElement*>(nullptr);
      };
      target = find(*root);
    }
    REQUIRE(target);
    CHECK(exclusive_c14n(*target) == c.canonical);
  }
}

TEST_CASE("exclusive canonicalisation leaves out the enveloped signature", "[federation]") {
  auto root = parse("<a ID='x'><ds:Signature xmlns:ds='urn:ds'><ds:v/></ds:Signature><b>1</b></a>");
  const XmlElement* signature = root->children[0].element.get();
  CHECK(exclusive_c14n(*root, signature) == "<a ID=\"x\"><b>1</b></a>");
  CHECK(exclusive_c14n(*signature, nullptr, {"ds"}) ==
        "<ds:Signature xmlns:ds=\"urn:ds\"><ds:v></ds:v></ds:Signature>");
}
