// Fuzzes the response XML writer (query/xml_writer) by reading its output back with the
// federation XML parser: whatever text a handler puts in a response (names, messages, policy
// documents echoed back, bytes that are not UTF-8), the document must be well-formed, keep its
// shape, and give back every value that XML can hold unchanged. Input: a FuzzedDataProvider
// stream choosing elements, values and nesting.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "federation/xml_document.hpp"
#include "query/xml_writer.hpp"

using localiam::api::XmlNode;
using localiam::federation::XmlElement;

namespace {

// A value XML 1.0 can hold as it is: well-formed UTF-8 of allowed characters only (tab, line
// feed, carriage return, U+0020.., no surrogates, no U+FFFE/U+FFFF, nothing above U+10FFFF).
bool representable(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t n = 0;
    if (b < 0x80) {
      cp = b;
      n = 1;
    } else if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1F;
      n = 2;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0F;
      n = 3;
    } else if ((b & 0xF8) == 0xF0) {
      cp = b & 0x07;
      n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
      return false;
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return false;
    i += n;
  }
  return true;
}

void build(FuzzedDataProvider& in, XmlNode& node, int depth) {
  static const char* const kNames[] = {"UserName", "Arn", "PolicyDocument", "Tags",
                                       "Message",  "Key", "Value",          "Path"};
  const int children = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < children && in.remaining_bytes() > 0; ++i) {
    const std::string name = in.PickValueInArray(kNames);
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0:
        node.text(name, in.ConsumeRandomLengthString(64));
        break;
      case 1:
        node.integer(name, in.ConsumeIntegral<int64_t>());
        break;
      case 2:
        node.boolean(name, in.ConsumeBool());
        break;
      case 3:
        node.timestamp(name, in.ConsumeIntegral<int64_t>());
        break;
      case 4:
        if (depth < 8) build(in, node.child(name), depth + 1);
        break;
      default: {
        XmlNode& list = node.list(name);
        const int members = in.ConsumeIntegralInRange(0, 3);
        for (int m = 0; m < members; ++m) list.member_text(in.ConsumeRandomLengthString(32));
        break;
      }
    }
  }
}

// Walks the written tree and the parsed one side by side.
void compare(const XmlNode& written, const XmlElement& parsed) {
  if (parsed.qname != written.name()) std::abort();
  std::vector<const XmlElement*> elements;
  for (const auto& child : parsed.children)
    if (child.element) elements.push_back(child.element.get());
  if (written.is_leaf()) {
    if (!elements.empty()) std::abort();
    const std::string text = parsed.text();
    if (representable(written.value()) && text != written.value()) std::abort();
    if (!representable(text)) std::abort();
    return;
  }
  if (elements.size() != written.children().size()) std::abort();
  size_t i = 0;
  for (const XmlNode& child : written.children()) compare(child, *elements[i++]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  XmlNode result;
  build(in, result, 0);
  const std::string message = in.ConsumeRandomLengthString(128);

  std::string error;
  const std::string xml = localiam::api::render_response(
      "GetUser", "https://iam.amazonaws.com/doc/2010-05-08/", &result, "req-1");
  auto root = localiam::federation::parse_xml(xml, error);
  if (!root) std::abort();  // the writer made a document that is not well-formed
  if (!result.children().empty()) {
    const XmlElement* wrapper = nullptr;
    for (const auto& child : root->children)
      if (child.element && child.element->qname == "GetUserResult") wrapper = child.element.get();
    if (!wrapper) std::abort();
    std::vector<const XmlElement*> elements;
    for (const auto& child : wrapper->children)
      if (child.element) elements.push_back(child.element.get());
    if (elements.size() != result.children().size()) std::abort();
    size_t i = 0;
    for (const XmlNode& child : result.children()) compare(child, *elements[i++]);
  }

  const localiam::AwsError aws_error{"ValidationError", message, 400, true};
  auto error_root = localiam::federation::parse_xml(
      localiam::api::render_error("https://iam.amazonaws.com/doc/2010-05-08/", aws_error, "r"),
      error);
  if (!error_root) std::abort();
  const XmlElement* error_message =
      error_root->find("https://iam.amazonaws.com/doc/2010-05-08/", "Message");
  if (!message.empty() && representable(message) &&
      (!error_message || error_message->text() != message))
    std::abort();
  return 0;
}
