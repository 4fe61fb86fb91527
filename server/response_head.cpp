#include "server/response_head.hpp"

// Boost's string_view (through Beast's status.hpp) uses std::ostream without including it.
#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "common/log.hpp"

namespace localiam::server {
namespace {

// Headers whose value the server owns: framing and identity. A handler's copy is ignored so
// that a response can never carry two conflicting Content-Lengths.
bool server_owned_header(std::string_view name) {
  return header_name_equals(name, "Content-Length") ||
         header_name_equals(name, "Transfer-Encoding") || header_name_equals(name, "Connection") ||
         header_name_equals(name, "Date") || header_name_equals(name, "Server");
}

// RFC 9110 token characters, the only ones allowed in a header name.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

// A CR or LF in a value would let it end the header block early (response splitting).
bool valid_header_value(std::string_view value) {
  return value.find_first_of("\r\n") == std::string_view::npos;
}

void append_number(std::string& out, uint64_t n) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, result.ptr);
}

}  // namespace

// Formatted by hand (strftime's %a/%b follow the locale) and cached per thread, so the hot path
// formats at most once a second per thread.
std::string_view http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local char text[64];
  thread_local size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    length = n > 0 ? std::min(static_cast<size_t>(n), sizeof text - 1) : 0;
    cached_second = now;
  }
  return {text, length};
}

// Done by hand rather than through Beast's serializer: the response shape is fixed and small,
// and the serializer's buffer-sequence machinery cost more than the rest of the write path in
// profiles.
void compose_head(std::string& head, unsigned version, int status, std::string_view content_type,
                  const HeaderList& extra, const Framing& framing) {
  namespace http = boost::beast::http;
  head.clear();
  head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(head, static_cast<uint64_t>(status));
  head += ' ';
  const std::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
  head += reason.starts_with('<') ? std::string_view("Unknown") : reason;
  head += "\r\nServer: localiam\r\nDate: ";
  head += http_date();
  head += "\r\n";
  if (!content_type.empty() && valid_header_value(content_type)) {
    head += "Content-Type: ";
    head += content_type;
    head += "\r\n";
  }
  for (const auto& [name, value] : extra) {
    if (server_owned_header(name)) continue;
    if (!valid_header_name(name) || !valid_header_value(value)) {
      log::message(log::Level::kError, "http: dropped malformed response header \"" + name + "\"");
      continue;
    }
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (framing.content_length) {
    head += "Content-Length: ";
    append_number(head, *framing.content_length);
    head += "\r\n";
  } else if (framing.chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  }
  // HTTP/1.1 is persistent unless told otherwise, HTTP/1.0 the reverse.
  if (version == 10 && framing.keep_alive) head += "Connection: keep-alive\r\n";
  if (version != 10 && !framing.keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
}

}  // namespace localiam::server
