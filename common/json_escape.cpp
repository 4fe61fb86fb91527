#include "common/json_escape.hpp"

#include <cstdio>

namespace localiam {

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_string(std::string_view text) {
  std::string quoted = "\"";
  quoted += json_escape(text);
  quoted += '"';
  return quoted;
}

}  // namespace localiam
