#include "federation/exclusive_c14n.hpp"

#include <algorithm>
#include <map>

namespace localiam::federation {

namespace {

using Rendered = std::map<std::string, std::string, std::less<>>;  // prefix → URI ("" = default)

void escape_text(std::string& out, std::string_view text) {
  for (char c : text) {
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
      case '\r':
        out += "&#xD;";
        break;
      default:
        out.push_back(c);
    }
  }
}

void escape_attribute(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\t':
        out += "&#x9;";
        break;
      case '\n':
        out += "&#xA;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        out.push_back(c);
    }
  }
}

class Canonicalizer {
 public:
  Canonicalizer(const XmlElement* skip, const std::vector<std::string>& inclusive) : skip_(skip) {
    for (const auto& p : inclusive) inclusive_.push_back(p == "#default" ? "" : p);
  }

  void element(const XmlElement& e, const Rendered& rendered) {
    // The prefixes this element visibly uses, then the inclusive ones in scope.
    std::vector<std::string> prefixes{std::string(e.prefix())};
    for (const auto& a : e.attributes)
      if (!a.is_namespace_declaration() && !a.prefix().empty() && a.prefix() != "xml")
        prefixes.emplace_back(a.prefix());
    for (const auto& p : inclusive_)
      if (p.empty() || e.namespace_for(p)) prefixes.push_back(p);
    std::sort(prefixes.begin(), prefixes.end());
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());

    Rendered mine = rendered;
    std::string decls;
    for (const auto& p : prefixes) {
      std::string uri = e.namespace_for(p).value_or("");
      auto it = rendered.find(p);
      // The default namespace is "" until an ancestor in the output sets it.
      const std::string before = it == rendered.end() ? "" : it->second;
      if (it != rendered.end() ? before == uri : (p.empty() && uri.empty())) continue;
      decls += p.empty() ? " xmlns=\"" : " xmlns:" + p + "=\"";
      escape_attribute(decls, uri);
      decls += '"';
      mine[p] = uri;
    }

    struct Attr {
      std::string ns, local;
      const XmlAttribute* a;
    };
    std::vector<Attr> attrs;
    for (const auto& a : e.attributes) {
      if (a.is_namespace_declaration()) continue;
      std::string ns = a.prefix().empty() ? "" : e.namespace_for(a.prefix()).value_or("");
      attrs.push_back(Attr{std::move(ns), std::string(a.local()), &a});
    }
    std::sort(attrs.begin(), attrs.end(), [](const Attr& x, const Attr& y) {
      return x.ns != y.ns ? x.ns < y.ns : x.local < y.local;
    });

    out_ += '<';
    out_ += e.qname;
    out_ += decls;
    for (const auto& a : attrs) {
      out_ += ' ';
      out_ += a.a->qname;
      out_ += "=\"";
      escape_attribute(out_, a.a->value);
      out_ += '"';
    }
    out_ += '>';
    for (const auto& c : e.children) {
      if (c.element) {
        if (c.element.get() != skip_) element(*c.element, mine);
      } else {
        escape_text(out_, c.text);
      }
    }
    out_ += "</";
    out_ += e.qname;
    out_ += '>';
  }

  std::string take() { return std::move(out_); }

 private:
  const XmlElement* skip_;
  std::vector<std::string> inclusive_;
  std::string out_;
};

}  // namespace

std::string exclusive_c14n(const XmlElement& element, const XmlElement* skip,
                           const std::vector<std::string>& inclusive_prefixes) {
  Canonicalizer c(skip, inclusive_prefixes);
  c.element(element, {});
  return c.take();
}

}  // namespace localiam::federation
