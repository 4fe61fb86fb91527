// The enveloped-signature verifier on its own: documents signed here with a fresh key (digest
// over the exclusive c14n of the target, SignedInfo canonicalised and signed with RSA-SHA256),
// then rearranged, so that each structural rule (the Reference's target must enclose the
// Signature, its ID must be unique, only the supported transforms) is seen refusing on its own,
// apart from the SAML reader's rules that also stop most wrapping.
#include "federation/xml_signature.hpp"

#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "common/base64.hpp"
#include "federation/exclusive_c14n.hpp"
#include "federation/xml_document.hpp"

using namespace localiam;
using namespace localiam::federation;

namespace {

constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";

std::unique_ptr<XmlElement> parse(const std::string& xml) {
  std::string error;
  auto root = parse_xml(xml, error);
  INFO(xml << "\n" << error);
  REQUIRE(root);
  return root;
}

const XmlElement* by_id(const XmlElement& e, std::string_view id) {
  if (const XmlAttribute* a = e.attribute("ID"); a && a->value == id) return &e;
  for (const auto& c : e.children)
    if (c.element)
      if (const XmlElement* found = by_id(*c.element, id)) return found;
  return nullptr;
}

struct SignOptions {
  std::string transform = "http://www.w3.org/2001/10/xml-exc-c14n#";
  int references = 1;
};

// A ds:Signature over the element with ID `id` in `document` (as it is without the signature).
std::string signature_for(const std::string& document, const std::string& id, const RsaKey& key,
                          const SignOptions& options = {}) {
  auto root = parse(document);
  const XmlElement* target = by_id(*root, id);
  REQUIRE(target);
  const std::string canonical = exclusive_c14n(*target);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr);
  std::string reference =
      "<ds:Reference URI=\"#" + id +
      "\"><ds:Transforms><ds:Transform "
      "Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform>"
      "<ds:Transform Algorithm=\"" +
      options.transform +
      "\"></ds:Transform></ds:Transforms>"
      "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"></ds:DigestMethod>"
      "<ds:DigestValue>" +
      base64_encode(std::string_view(reinterpret_cast<char*>(digest), length)) +
      "</ds:DigestValue></ds:Reference>";
  std::string references;
  for (int i = 0; i < options.references; ++i) references += reference;
  const std::string info_body =
      "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">"
      "</ds:CanonicalizationMethod><ds:SignatureMethod "
      "Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"></ds:SignatureMethod>" +
      references;
  auto info = parse("<ds:SignedInfo xmlns:ds=\"" + std::string(kDs) + "\">" + info_body +
                    "</ds:SignedInfo>");
  const std::string value = base64_encode(key.sign(exclusive_c14n(*info)));
  return "<ds:Signature xmlns:ds=\"" + std::string(kDs) + "\"><ds:SignedInfo>" + info_body +
         "</ds:SignedInfo><ds:SignatureValue>" + value + "</ds:SignatureValue></ds:Signature>";
}

// `document` with "<!--SIG-->" replaced by `signature`, verified with `key`.
SignatureCheck check(const std::string& document, const std::string& signature, const RsaKey& key,
                     std::unique_ptr<XmlElement>& root) {
  std::string signed_document = document;
  const size_t at = signed_document.find("<!--SIG-->");
  REQUIRE(at != std::string::npos);
  signed_document.replace(at, 10, signature);
  root = parse(signed_document);
  const XmlElement* found = root->find(kDs, "Signature");
  REQUIRE(found);
  return verify_enveloped_signature(*root, *found, {key});
}

}  // namespace

TEST_CASE("enveloped signatures verify, and the verified element is returned",
          "[federation][xmldsig]") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string document = "<r xmlns='urn:x' ID='a'><!--SIG--><v>1</v><w k='2'/></r>";
  std::unique_ptr<XmlElement> root;
  auto ok = check(document, signature_for(document, "a", key), key, root);
  CHECK(ok.valid);
  CHECK(ok.signed_element == root.get());

  auto foreign = check(document, signature_for(document, "a", RsaKey::generate(2048)), key, root);
  CHECK_FALSE(foreign.valid);
  CHECK(foreign.problem == "signature value mismatch");

  std::string changed = document;
  changed.replace(changed.find("<v>1"), 4, "<v>2");
  auto tampered = check(changed, signature_for(document, "a", key), key, root);
  CHECK_FALSE(tampered.valid);
  CHECK(tampered.problem == "digest mismatch");
}

TEST_CASE("comments are outside the signed form; the text read is the whole text",
          "[federation][xmldsig]") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string document = "<r ID='a'><!--SIG--><n>user@evil.com.good.com</n></r>";
  const std::string injected = "<r ID='a'><!--SIG--><n>user@evil.com<!---->.good.com</n></r>";
  std::unique_ptr<XmlElement> root;
  auto result = check(injected, signature_for(document, "a", key), key, root);
  CHECK(result.valid);
  CHECK(root->child("", "n")->text() == "user@evil.com.good.com");
}

TEST_CASE("the Reference's target must enclose the Signature and be the only one with its ID",
          "[federation][xmldsig]") {
  const RsaKey key = RsaKey::generate(2048);
  std::unique_ptr<XmlElement> root;
  {
    // Signed element and signature apart: a verifier that allowed it would vouch for an
    // element the reader need not be looking at.
    const std::string document = "<r><a ID='a'><v>1</v></a><b><!--SIG--></b></r>";
    auto result = check(document, signature_for(document, "a", key), key, root);
    CHECK_FALSE(result.valid);
    CHECK(result.problem == "the signature does not envelop its target");
  }
  {
    const std::string signed_part = "<r><a ID='a'><!--SIG--><v>1</v></a></r>";
    const std::string signature = signature_for(signed_part, "a", key);
    auto alone = check(signed_part, signature, key, root);
    REQUIRE(alone.valid);  // the same signature verifies where it was made
    for (const std::string& twice :
         {std::string("<r><a ID='a'><!--SIG--><v>1</v></a><c ID='a'/></r>"),
          std::string("<r><c ID='a'/><a ID='a'><!--SIG--><v>1</v></a></r>")}) {
      CAPTURE(twice);
      auto result = check(twice, signature, key, root);
      CHECK_FALSE(result.valid);
      CHECK(result.problem == "duplicate ID a");
    }
  }
}

TEST_CASE("transforms and references outside the profile are refused", "[federation][xmldsig]") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string document = "<r ID='a'><!--SIG--><v>1</v></r>";
  std::unique_ptr<XmlElement> root;
  SignOptions xslt;
  xslt.transform = "http://www.w3.org/TR/1999/REC-xslt-19991116";
  auto result = check(document, signature_for(document, "a", key, xslt), key, root);
  CHECK_FALSE(result.valid);
  CHECK(result.problem == "unsupported transform http://www.w3.org/TR/1999/REC-xslt-19991116");
  SignOptions two;
  two.references = 2;
  result = check(document, signature_for(document, "a", key, two), key, root);
  CHECK_FALSE(result.valid);
  CHECK(result.problem == "exactly one Reference is supported");
}
