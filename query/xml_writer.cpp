#include "query/xml_writer.hpp"

#include "common/clock.hpp"
#include "common/utf8.hpp"

namespace localiam::api {

XmlNode& XmlNode::text(std::string name, std::string value) {
  XmlNode& n = children_.emplace_back(std::move(name));
  n.value_ = std::move(value);
  n.leaf_ = true;
  return *this;
}

XmlNode& XmlNode::integer(std::string name, int64_t value) {
  return text(std::move(name), std::to_string(value));
}

XmlNode& XmlNode::boolean(std::string name, bool value) {
  return text(std::move(name), value ? "true" : "false");
}

XmlNode& XmlNode::timestamp(std::string name, int64_t epoch_seconds) {
  return text(std::move(name), format_iso8601(epoch_seconds));
}

XmlNode& XmlNode::child(std::string name) { return children_.emplace_back(std::move(name)); }

XmlNode& XmlNode::list(std::string name) { return children_.emplace_back(std::move(name)); }

XmlNode& XmlNode::member() { return children_.emplace_back("member"); }

XmlNode& XmlNode::member_text(std::string value) {
  XmlNode& n = children_.emplace_back("member");
  n.value_ = std::move(value);
  n.leaf_ = true;
  return n;
}

namespace {

// The length of the well-formed UTF-8 character at text[i] that XML 1.0 allows (every code
// point but U+FFFE and U+FFFF), or 0.
size_t xml_char_length(std::string_view text, size_t i) {
  const size_t n = utf8::sequence_length(text, i);
  if (n == 3 && text.compare(i, 2, "\xEF\xBF") == 0 &&
      static_cast<unsigned char>(text[i + 2]) >= 0xBE)
    return 0;
  return n;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x80) {
          // Control characters are not representable in XML 1.0; drop them.
          if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
          out.push_back(c);
        } else if (const size_t n = xml_char_length(text, i)) {
          out.append(text, i, n);
          i += n - 1;
        } else {
          // A byte that starts no well-formed character (request text is not always UTF-8):
          // U+FFFD, as a UTF-8 decoder would make of it, so the document stays well-formed.
          out += "\xEF\xBF\xBD";
        }
    }
  }
  return out;
}

namespace {

void indent(std::string& out, int depth) { out.append(static_cast<size_t>(depth) * 2, ' '); }

void write_node(std::string& out, const XmlNode& node, int depth) {
  indent(out, depth);
  if (node.is_leaf()) {
    out += '<';
    out += node.name();
    out += '>';
    out += xml_escape(node.value());
    out += "</";
    out += node.name();
    out += ">\n";
    return;
  }
  if (node.children().empty()) {
    out += '<';
    out += node.name();
    out += "/>\n";
    return;
  }
  out += '<';
  out += node.name();
  out += ">\n";
  for (const XmlNode& c : node.children()) write_node(out, c, depth + 1);
  indent(out, depth);
  out += "</";
  out += node.name();
  out += ">\n";
}

}  // namespace

std::string render_response(std::string_view action, std::string_view xml_namespace,
                            const XmlNode* result, std::string_view request_id) {
  std::string out;
  out.reserve(512);
  out += '<';
  out += action;
  out += "Response xmlns=\"";
  out += xml_namespace;
  out += "\">\n";
  if (result) {
    XmlNode wrapper(std::string(action) + "Result");
    // The wrapper must exist even when empty (botocore indexes it), so write it by hand.
    if (result->children().empty()) {
      out += "  <";
      out += wrapper.name();
      out += "/>\n";
    } else {
      out += "  <" + wrapper.name() + ">\n";
      for (const XmlNode& c : result->children()) write_node(out, c, 2);
      out += "  </" + wrapper.name() + ">\n";
    }
  }
  out += "  <ResponseMetadata>\n    <RequestId>";
  out += request_id;
  out += "</RequestId>\n  </ResponseMetadata>\n</";
  out += action;
  out += "Response>\n";
  return out;
}

std::string render_error(std::string_view xml_namespace, const AwsError& error,
                         std::string_view request_id) {
  std::string out;
  out.reserve(256 + error.message.size());
  out += "<ErrorResponse xmlns=\"";
  out += xml_namespace;
  out += "\">\n  <Error>\n    <Type>";
  out += error.sender_fault ? "Sender" : "Receiver";
  out += "</Type>\n    <Code>";
  out += xml_escape(error.code);
  out += "</Code>\n";
  if (!error.message.empty()) {
    out += "    <Message>";
    out += xml_escape(error.message);
    out += "</Message>\n";
  }
  out += "  </Error>\n  <RequestId>";
  out += request_id;
  out += "</RequestId>\n</ErrorResponse>\n";
  return out;
}

}  // namespace localiam::api
