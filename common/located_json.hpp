// A JSON document parsed into a tree whose every value knows the line it starts on and the
// bytes it spans in the source, so that errors about a file (the seed) can name the line, nested
// documents (policies) can be taken verbatim, and a policy check can point at the value it is
// about. Object members keep their order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localiam {

struct LocatedMember;

struct LocatedJson {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  size_t line = 1;  // 1-based line where the value starts
  // The value's bytes in the source: [begin, end) from its first byte (a string's opening quote)
  // to just after its last (a string's closing quote, an object's '}').
  size_t begin = 0, end = 0;
  bool boolean = false;
  std::string text;                    // strings: the value; numbers: the source text
  std::vector<LocatedJson> items;      // arrays
  std::vector<LocatedMember> members;  // objects, in source order

  // The member named `name`, or nullptr (objects only).
  const LocatedJson* find(std::string_view name) const;
  bool is_integer() const;
  const char* type_name() const;  // "a string", "an object", …
};

// An object's member: its name and value (a struct, not std::pair: the value's type is still
// incomplete where LocatedJson names it).
struct LocatedMember {
  std::string first;
  LocatedJson second;
};

struct LocatedJsonResult {
  LocatedJson value;
  std::string error;        // "" on success, else "line N: <reason>"
  size_t error_offset = 0;  // where the parser stopped, when `error` is set
};

// Text nesting deeper than kMaxLocatedNesting is refused (the error names the limit).
inline constexpr int kMaxLocatedNesting = 512;
LocatedJsonResult parse_located_json(std::string_view text);

}  // namespace localiam
