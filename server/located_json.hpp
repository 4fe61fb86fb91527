// A JSON document parsed into a tree whose every value knows the line it starts on and the
// bytes it spans in the source, so that errors about a file (the seed) can name the line, and
// nested documents (policies) can be taken verbatim. Object members keep their order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localiam::server {

struct LocatedJson {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  size_t line = 1;            // 1-based line where the value starts
  size_t begin = 0, end = 0;  // byte range of the value in the source (objects and arrays)
  bool boolean = false;
  std::string text;                // strings: the value; numbers: the source text
  std::vector<LocatedJson> items;  // arrays
  std::vector<std::pair<std::string, LocatedJson>> members;  // objects, in source order

  // The member named `name`, or nullptr (objects only).
  const LocatedJson* find(std::string_view name) const;
  bool is_integer() const;
  const char* type_name() const;  // "a string", "an object", …
};

struct LocatedJsonResult {
  LocatedJson value;
  std::string error;  // "" on success, else "line N: <reason>"
};

LocatedJsonResult parse_located_json(std::string_view text);

}  // namespace localiam::server
