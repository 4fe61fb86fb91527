#include "federation/xml_document.hpp"

#include <cstdint>

namespace localiam::federation {

namespace {

std::string_view prefix_of(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

std::string_view local_of(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  Parser(std::string_view text, std::string& error) : s_(text), error_(error) {}

  std::unique_ptr<XmlElement> document() {
    skip_misc();
    if (at_end() || s_[pos_] != '<') return fail("no root element");
    auto root = element(nullptr);
    if (!root) return nullptr;
    skip_misc();
    if (!at_end()) return fail("content after the root element");
    return root;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  bool starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }

  std::unique_ptr<XmlElement> fail(std::string message) {
    if (error_.empty()) error_ = message + " at offset " + std::to_string(pos_);
    return nullptr;
  }

  void skip_space() {
    while (!at_end() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n'))
      ++pos_;
  }

  // Skips whitespace, comments, processing instructions and the XML declaration; a DTD is an
  // error (it could declare entities).
  bool skip_misc() {
    for (;;) {
      skip_space();
      if (starts("<?")) {
        size_t end = s_.find("?>", pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + 2;
      } else if (starts("<!--")) {
        size_t end = s_.find("-->", pos_);
        if (end == std::string_view::npos) return false;
        pos_ = end + 3;
      } else if (starts("<!DOCTYPE")) {
        error_ = "DTDs are not accepted";
        return false;
      } else {
        return true;
      }
    }
  }

  static bool name_char(char c) {
    return !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>' || c == '=' ||
             c == '<' || c == '"' || c == '\'');
  }

  std::string name() {
    size_t start = pos_;
    while (!at_end() && name_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  // Decodes character data; false on a bad reference. In attributes, literal whitespace
  // becomes a space (attribute-value normalisation) while character references keep theirs.
  bool decode(std::string_view raw, std::string& out, bool attribute = false) {
    for (size_t i = 0; i < raw.size();) {
      char c = raw[i];
      if (attribute && (c == '\t' || c == '\n' || c == '\r')) {
        out.push_back(' ');
        if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        ++i;
        continue;
      }
      if (c != '&') {
        // Line ends are normalised to \n, as an XML processor must.
        if (c == '\r') {
          out.push_back('\n');
          if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
          ++i;
          continue;
        }
        out.push_back(c);
        ++i;
        continue;
      }
      size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos) return false;
      std::string_view ref = raw.substr(i + 1, semi - i - 1);
      if (ref == "lt")
        out.push_back('<');
      else if (ref == "gt")
        out.push_back('>');
      else if (ref == "amp")
        out.push_back('&');
      else if (ref == "quot")
        out.push_back('"');
      else if (ref == "apos")
        out.push_back('\'');
      else if (ref.size() > 1 && ref[0] == '#') {
        uint32_t cp = 0;
        bool hex = ref[1] == 'x';
        std::string_view digits = ref.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8) return false;
        for (char d : digits) {
          int v;
          if (d >= '0' && d <= '9')
            v = d - '0';
          else if (hex && d >= 'a' && d <= 'f')
            v = d - 'a' + 10;
          else if (hex && d >= 'A' && d <= 'F')
            v = d - 'A' + 10;
          else
            return false;
          cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        }
        if (cp == 0 || cp > 0x10FFFF) return false;
        append_utf8(out, cp);
      } else {
        return false;
      }
      i = semi + 1;
    }
    return true;
  }

  std::unique_ptr<XmlElement> element(const XmlElement* parent) {
    if (++depth_ > 200) return fail("elements nested too deeply");
    ++pos_;  // '<'
    auto e = std::make_unique<XmlElement>();
    e->parent = parent;
    e->qname = name();
    if (e->qname.empty()) return fail("element without a name");
    for (;;) {
      skip_space();
      if (at_end()) return fail("unterminated start tag");
      if (s_[pos_] == '/' || s_[pos_] == '>') break;
      XmlAttribute a;
      a.qname = name();
      if (a.qname.empty()) return fail("bad attribute");
      skip_space();
      if (at_end() || s_[pos_] != '=') return fail("attribute without a value");
      ++pos_;
      skip_space();
      if (at_end() || (s_[pos_] != '"' && s_[pos_] != '\'')) return fail("unquoted attribute");
      char quote = s_[pos_++];
      size_t end = s_.find(quote, pos_);
      if (end == std::string_view::npos) return fail("unterminated attribute");
      std::string_view raw = s_.substr(pos_, end - pos_);
      if (raw.find('<') != std::string_view::npos) return fail("'<' in an attribute");
      std::string decoded;
      if (!decode(raw, decoded, true)) return fail("bad reference in an attribute");
      a.value = std::move(decoded);
      for (const auto& other : e->attributes)
        if (other.qname == a.qname) return fail("duplicate attribute " + a.qname);
      e->attributes.push_back(std::move(a));
      pos_ = end + 1;
    }
    if (s_[pos_] == '/') {
      if (!starts("/>")) return fail("bad empty-element tag");
      pos_ += 2;
      --depth_;
      return e;
    }
    ++pos_;  // '>'
    std::string text;
    auto flush = [&] {
      if (text.empty()) return;
      XmlChild c;
      c.text = std::move(text);
      text.clear();
      e->children.push_back(std::move(c));
    };
    for (;;) {
      if (at_end()) return fail("unterminated element " + e->qname);
      if (starts("</")) {
        flush();
        pos_ += 2;
        std::string closing = name();
        skip_space();
        if (closing != e->qname || at_end() || s_[pos_] != '>')
          return fail("mismatched end tag for " + e->qname);
        ++pos_;
        --depth_;
        return e;
      }
      if (starts("<!--")) {
        size_t end = s_.find("-->", pos_);
        if (end == std::string_view::npos) return fail("unterminated comment");
        pos_ = end + 3;
      } else if (starts("<![CDATA[")) {
        size_t end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) return fail("unterminated CDATA");
        text.append(s_.substr(pos_ + 9, end - pos_ - 9));
        pos_ = end + 3;
      } else if (starts("<?")) {
        size_t end = s_.find("?>", pos_);
        if (end == std::string_view::npos) return fail("unterminated processing instruction");
        pos_ = end + 2;
      } else if (starts("<!")) {
        return fail("declarations are not accepted");
      } else if (s_[pos_] == '<') {
        flush();
        auto child = element(e.get());
        if (!child) return nullptr;
        XmlChild c;
        c.element = std::move(child);
        e->children.push_back(std::move(c));
      } else {
        size_t end = s_.find('<', pos_);
        if (end == std::string_view::npos) end = s_.size();
        if (!decode(s_.substr(pos_, end - pos_), text)) return fail("bad reference in text");
        pos_ = end;
      }
    }
  }

  std::string_view s_;
  std::string& error_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string_view XmlAttribute::prefix() const { return prefix_of(qname); }
std::string_view XmlAttribute::local() const { return local_of(qname); }
std::string_view XmlElement::prefix() const { return prefix_of(qname); }
std::string_view XmlElement::local() const { return local_of(qname); }

std::optional<std::string> XmlElement::namespace_for(std::string_view prefix) const {
  if (prefix == "xml") return std::string("http://www.w3.org/XML/1998/namespace");
  const std::string wanted = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (const XmlElement* e = this; e; e = e->parent)
    for (const auto& a : e->attributes)
      if (a.qname == wanted) return a.value;
  if (prefix.empty()) return std::string();
  return std::nullopt;
}

std::string XmlElement::namespace_uri() const { return namespace_for(prefix()).value_or(""); }

const XmlAttribute* XmlElement::attribute(std::string_view qname) const {
  for (const auto& a : attributes)
    if (a.qname == qname) return &a;
  return nullptr;
}

const XmlElement* XmlElement::child(std::string_view ns, std::string_view local) const {
  for (const auto& c : children)
    if (c.element && c.element->local() == local && c.element->namespace_uri() == ns)
      return c.element.get();
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::children_named(std::string_view ns,
                                                          std::string_view local) const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children)
    if (c.element && c.element->local() == local && c.element->namespace_uri() == ns)
      out.push_back(c.element.get());
  return out;
}

const XmlElement* XmlElement::find(std::string_view ns, std::string_view local) const {
  if (this->local() == local && namespace_uri() == ns) return this;
  for (const auto& c : children)
    if (c.element)
      if (const XmlElement* found = c.element->find(ns, local)) return found;
  return nullptr;
}

std::string XmlElement::text() const {
  std::string out;
  for (const auto& c : children) out += c.element ? c.element->text() : c.text;
  return out;
}

std::unique_ptr<XmlElement> parse_xml(std::string_view text, std::string& error) {
  error.clear();
  // A UTF-8 byte order mark may open the document.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return Parser(text, error).document();
}

}  // namespace localiam::federation
