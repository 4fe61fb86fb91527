#include "policy/statement_positions.hpp"

#include <cstddef>

namespace localiam::policy {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool at(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool eat(char c) {
    if (!at(c)) return false;
    ++pos_;
    return true;
  }
  // Reads a string token (at its opening quote); returns its raw contents.
  std::string_view string() {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '"') return {};
    size_t begin = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    std::string_view raw = text_.substr(begin, pos_ - begin);
    ++pos_;
    return raw;
  }
  // Skips one JSON value of any kind.
  void skip_value() {
    skip_space();
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '"') {
      string();
      return;
    }
    if (text_[pos_] != '{' && text_[pos_] != '[') {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']') {
        ++pos_;
      }
      return;
    }
    int depth = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        string();
        continue;
      }
      ++pos_;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return;
    }
  }
  // The span of the object starting here (the scanner is at '{').
  StatementSpan object_span() {
    skip_space();
    StatementSpan span;
    span.start = position_after(pos_);
    skip_value();
    span.end = position_after(pos_ - 1);
    return span;
  }
  size_t pos() const { return pos_; }
  bool done() const { return pos_ >= text_.size(); }

 private:
  // 1-based line, and the 1-based column of the character after text_[offset]; columns count
  // characters, not UTF-8 bytes.
  Position position_after(size_t offset) const {
    Position p{1, 1};
    for (size_t i = 0; i <= offset && i < text_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++p.line;
        p.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++p.column;
      }
    }
    return p;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<StatementSpan> statement_spans(std::string_view document) {
  std::vector<StatementSpan> spans;
  Scanner s(document);
  if (!s.eat('{')) return spans;
  while (!s.done() && !s.at('}')) {
    std::string_view key = s.string();
    if (!s.eat(':')) return spans;
    if (key == "Statement") {
      spans.clear();
      if (s.at('{')) {
        spans.push_back(s.object_span());
      } else if (s.eat('[')) {
        while (!s.done() && !s.at(']')) {
          if (s.at('{')) {
            spans.push_back(s.object_span());
          } else {
            s.skip_value();
          }
          s.eat(',');
        }
        s.eat(']');
      } else {
        s.skip_value();
      }
    } else {
      s.skip_value();
    }
    if (!s.eat(',')) break;
  }
  return spans;
}

}  // namespace localiam::policy
