// Reading a JSON document built into the binary (data/*.json placed in .rodata by a *_blob.S):
// the document is parsed once, and a value that is not what the reading code expects ends the
// process with the document's name, what was wrong and where. The JSON is part of the build, so
// that means the binary itself is broken, nothing a user did.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

namespace localiam::data {

class EmbeddedJson {
 public:
  using Value = rapidjson::Value;

  // `name` says what the document is in the abort message ("gateway operation catalogue").
  // [begin, end) is the document's text.
  EmbeddedJson(std::string_view name, const char* begin, const char* end);

  const rapidjson::Document& document() const { return document_; }

  // Each `where` says where the reading was (a service's name, "source") for the message.
  [[noreturn]] void fail(std::string_view what, std::string_view where) const;
  const Value& member(const Value& object, const char* name, std::string_view where) const;
  std::string text(const Value& value, std::string_view where) const;
  // The strings of an array.
  std::vector<std::string> texts(const Value& array, std::string_view where) const;

 private:
  std::string_view name_;
  rapidjson::Document document_;
};

}  // namespace localiam::data
