#include "federation/xml_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <sstream>

#include "federation/base64.hpp"
#include "federation/exclusive_c14n.hpp"

namespace localiam::federation {

namespace {

constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
constexpr std::string_view kExcC14nComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

SignatureCheck fail(std::string problem) {
  SignatureCheck c;
  c.problem = std::move(problem);
  return c;
}

std::string algorithm(const XmlElement* e) {
  const XmlAttribute* a = e ? e->attribute("Algorithm") : nullptr;
  return a ? a->value : "";
}

// The PrefixList of an InclusiveNamespaces child, split on whitespace.
std::vector<std::string> inclusive_prefixes(const XmlElement& method) {
  std::vector<std::string> out;
  for (const auto& c : method.children) {
    if (!c.element || c.element->local() != "InclusiveNamespaces") continue;
    if (const XmlAttribute* list = c.element->attribute("PrefixList")) {
      std::istringstream in(list->value);
      for (std::string p; in >> p;) out.push_back(p);
    }
  }
  return out;
}

// The elements carrying `id` as an ID attribute, in document order.
void find_by_id(const XmlElement& e, std::string_view id, std::vector<const XmlElement*>& found) {
  for (const char* name : {"ID", "Id", "AssertionID"})
    if (const XmlAttribute* a = e.attribute(name); a && a->value == id) {
      found.push_back(&e);
      break;
    }
  for (const auto& c : e.children)
    if (c.element) find_by_id(*c.element, id, found);
}

bool is_within(const XmlElement* inner, const XmlElement* outer) {
  for (const XmlElement* e = inner; e; e = e->parent)
    if (e == outer) return true;
  return false;
}

std::optional<std::string> digest_of(std::string_view method, std::string_view data) {
  const EVP_MD* md = nullptr;
  if (method == "http://www.w3.org/2001/04/xmlenc#sha256")
    md = EVP_sha256();
  else if (method == "http://www.w3.org/2000/09/xmldsig#sha1")
    md = EVP_sha1();
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

SignatureCheck verify_enveloped_signature(const XmlElement& root, const XmlElement& signature,
                                          const std::vector<RsaKey>& keys) {
  const XmlElement* info = signature.child(kDs, "SignedInfo");
  if (!info) return fail("no SignedInfo");
  const XmlElement* c14n = info->child(kDs, "CanonicalizationMethod");
  const std::string c14n_alg = algorithm(c14n);
  if (c14n_alg != kExcC14n && c14n_alg != kExcC14nComments)
    return fail("unsupported canonicalization " + c14n_alg);
  const std::string sig_alg = algorithm(info->child(kDs, "SignatureMethod"));
  Digest sig_digest;
  if (sig_alg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    sig_digest = Digest::kSha256;
  else if (sig_alg == "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
    sig_digest = Digest::kSha1;
  else
    return fail("unsupported signature method " + sig_alg);

  auto references = info->children_named(kDs, "Reference");
  if (references.size() != 1) return fail("exactly one Reference is supported");
  const XmlElement& ref = *references[0];
  const XmlAttribute* uri = ref.attribute("URI");
  if (!uri || uri->value.size() < 2 || uri->value[0] != '#')
    return fail("the Reference must point at an element by ID");
  std::vector<const XmlElement*> targets;
  find_by_id(root, std::string_view(uri->value).substr(1), targets);
  if (targets.empty()) return fail("no element with ID " + uri->value.substr(1));
  // Two elements with the signed ID: a verifier and a reader could each take another one.
  if (targets.size() > 1) return fail("duplicate ID " + uri->value.substr(1));
  const XmlElement* target = targets.front();
  // The signature must cover the element it sits in (no signature wrapping).
  if (!is_within(&signature, target)) return fail("the signature does not envelop its target");

  bool enveloped = false;
  std::vector<std::string> ref_prefixes;
  if (const XmlElement* transforms = ref.child(kDs, "Transforms")) {
    for (const XmlElement* t : transforms->children_named(kDs, "Transform")) {
      const std::string alg = algorithm(t);
      if (alg == kEnveloped)
        enveloped = true;
      else if (alg == kExcC14n || alg == kExcC14nComments)
        ref_prefixes = inclusive_prefixes(*t);
      else
        return fail("unsupported transform " + alg);
    }
  }
  const std::string canonical =
      exclusive_c14n(*target, enveloped ? &signature : nullptr, ref_prefixes);
  auto digest = digest_of(algorithm(ref.child(kDs, "DigestMethod")), canonical);
  if (!digest) return fail("unsupported digest method");
  const XmlElement* digest_value = ref.child(kDs, "DigestValue");
  auto expected = digest_value ? base64_decode(digest_value->text()) : std::nullopt;
  if (!expected || expected->size() != digest->size() ||
      CRYPTO_memcmp(expected->data(), digest->data(), digest->size()) != 0)
    return fail("digest mismatch");

  const XmlElement* value = signature.child(kDs, "SignatureValue");
  auto signature_bytes = value ? base64_decode(value->text()) : std::nullopt;
  if (!signature_bytes) return fail("no SignatureValue");
  const std::string signed_info =
      exclusive_c14n(*info, nullptr, c14n ? inclusive_prefixes(*c14n) : std::vector<std::string>{});
  for (const RsaKey& key : keys)
    if (key.verify(signed_info, *signature_bytes, sig_digest)) {
      SignatureCheck ok;
      ok.valid = true;
      ok.signed_element = target;
      return ok;
    }
  return fail("signature value mismatch");
}

}  // namespace localiam::federation
