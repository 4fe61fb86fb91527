#include "common/located_json.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>

#include "common/json_nesting.hpp"

namespace localiam {

namespace {

size_t line_at(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Builds the tree from RapidJSON's SAX events; the stream's position tells where each value is.
class Builder {
 public:
  Builder(std::string_view text, const rapidjson::StringStream& stream)
      : text_(text), stream_(stream) {}

  bool Null() { return add(LocatedJson::Type::kNull, pos() - 4); }
  bool Bool(bool b) {
    LocatedJson& v = add_value(LocatedJson::Type::kBool, pos() - (b ? 4 : 5));
    v.boolean = b;
    return true;
  }
  // Numbers arrive as their source text (kParseNumbersAsStringsFlag).
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    LocatedJson& v = add_value(LocatedJson::Type::kNumber, start_of_scalar());
    v.text.assign(s, n);
    v.end = v.begin + n;
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    LocatedJson& v = add_value(LocatedJson::Type::kString, start_of_scalar());
    v.text.assign(s, n);
    v.end = closing_quote(v.begin) + 1;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key_.assign(s, n);
    return true;
  }
  bool StartObject() { return open(LocatedJson::Type::kObject); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(LocatedJson::Type::kArray); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  LocatedJson root;

 private:
  size_t pos() const { return stream_.Tell(); }
  // RapidJSON reads strings and numbers through a local copy of the stream, so while it reports
  // one the stream still stands at its first byte (null, true and false are reported just after
  // they are read: their callers step back).
  size_t start_of_scalar() const { return pos(); }
  LocatedJson& add_value(LocatedJson::Type type, size_t begin) {
    LocatedJson* target;
    if (stack_.empty()) {
      target = &root;
    } else if (stack_.back()->type == LocatedJson::Type::kArray) {
      stack_.back()->items.emplace_back();
      target = &stack_.back()->items.back();
    } else {
      stack_.back()->members.push_back({key_, LocatedJson()});
      target = &stack_.back()->members.back().second;
    }
    target->type = type;
    target->begin = begin;
    target->end = pos();
    target->line = line_of(begin);
    return *target;
  }
  bool add(LocatedJson::Type type, size_t begin) {
    add_value(type, begin);
    return true;
  }
  bool open(LocatedJson::Type type) {
    stack_.push_back(&add_value(type, pos() - 1));
    return true;
  }
  bool close() {
    stack_.back()->end = pos();
    stack_.pop_back();
    return true;
  }

  // The closing quote of the string whose opening quote is at `open` (escapes skipped); the
  // parser has accepted the string, so there is one.
  size_t closing_quote(size_t open) const {
    size_t at = open + 1;
    while (at < text_.size() && text_[at] != '"') at += text_[at] == '\\' ? 2 : 1;
    return std::min(at, text_.size());
  }

  // Counts on from the last position asked about (they only move forward but for a step back
  // to an opening bracket), so that a large seed is not read once per value.
  size_t line_of(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < counted_to_) {
      counted_to_ = 0;
      counted_line_ = 1;
    }
    counted_line_ +=
        static_cast<size_t>(std::count(text_.begin() + counted_to_, text_.begin() + offset, '\n'));
    counted_to_ = offset;
    return counted_line_;
  }

  std::string_view text_;
  size_t counted_to_ = 0;    // line_of has counted the newlines before this offset
  size_t counted_line_ = 1;  // the line at counted_to_
  const rapidjson::StringStream& stream_;
  std::vector<LocatedJson*> stack_;  // containers being filled; pointers stay valid because
                                     // a container's children are only added while it is on top
  std::string key_;
};

}  // namespace

const LocatedJson* LocatedJson::find(std::string_view name) const {
  for (const auto& [key, value] : members)
    if (key == name) return &value;
  return nullptr;
}

bool LocatedJson::is_integer() const {
  return type == Type::kNumber && !text.empty() && text.find_first_of(".eE") == std::string::npos;
}

const char* LocatedJson::type_name() const {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "a value";
}

LocatedJsonResult parse_located_json(std::string_view text) {
  // The tree is built and freed recursively: bound its depth first.
  if (!json_nesting_within(text, kMaxLocatedNesting)) {
    LocatedJsonResult out;
    out.error = "line 1: arrays and objects nest deeper than " +
                std::to_string(kMaxLocatedNesting) + " levels";
    return out;
  }
  // StringStream needs a terminated string.
  std::string copy(text);
  rapidjson::StringStream stream(copy.c_str());
  Builder builder(copy, stream);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok =
      reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag>(
          stream, builder);
  LocatedJsonResult out;
  if (!ok) {
    out.error = "line " + std::to_string(line_at(copy, ok.Offset())) + ": " +
                rapidjson::GetParseError_En(ok.Code());
    out.error_offset = ok.Offset();
    return out;
  }
  out.value = std::move(builder.root);
  return out;
}

}  // namespace localiam
