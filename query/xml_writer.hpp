// The response side of the Query protocol. Handlers build a small XmlNode tree (elements
// with text or children; lists whose items are wrapped in <member>); the serialiser owns
// the envelope (<XResponse xmlns=…><XResult>…</XResult><ResponseMetadata>…), escaping,
// indentation and the <ErrorResponse> shape. Nothing else writes XML.
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <string_view>

#include "common/aws_error.hpp"

namespace localiam::api {

class XmlNode {
 public:
  XmlNode() = default;
  explicit XmlNode(std::string name) : name_(std::move(name)) {}

  // Adds <name>text</name>.
  XmlNode& text(std::string name, std::string value);
  XmlNode& integer(std::string name, int64_t value);
  XmlNode& boolean(std::string name, bool value);
  // Adds <name>ISO-8601 timestamp</name>.
  XmlNode& timestamp(std::string name, int64_t epoch_seconds);
  // Adds an element with children and returns it for filling. The reference stays valid for
  // the node's lifetime, whatever is added after it.
  XmlNode& child(std::string name);
  // Adds a list element <name/>; fill it with member().
  XmlNode& list(std::string name);
  // Adds a <member> item to a list and returns it.
  XmlNode& member();
  // Adds <member>text</member> to a list.
  XmlNode& member_text(std::string value);

  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }
  const std::list<XmlNode>& children() const { return children_; }
  bool is_leaf() const { return leaf_; }

 private:
  std::string name_;
  std::string value_;
  // A list, so that the references child() and member() return stay valid while siblings
  // are added.
  std::list<XmlNode> children_;
  bool leaf_ = false;
};

// Escapes &, <, >, " and ' for XML text and attributes. The result is always well-formed XML
// text: control characters XML 1.0 cannot hold are dropped, and bytes that are not well-formed
// UTF-8 (or U+FFFE/U+FFFF) become U+FFFD.
std::string xml_escape(std::string_view text);

// <{action}Response xmlns="{ns}">[<{action}Result>…</{action}Result>]<ResponseMetadata>…
// `result` is nullptr for actions whose model has no output.
std::string render_response(std::string_view action, std::string_view xml_namespace,
                            const XmlNode* result, std::string_view request_id);

// <ErrorResponse xmlns="{ns}"><Error><Type/><Code/><Message/></Error><RequestId/>…
std::string render_error(std::string_view xml_namespace, const AwsError& error,
                         std::string_view request_id);

}  // namespace localiam::api
