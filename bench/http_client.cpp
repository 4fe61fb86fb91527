#include "bench/http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace localiam::bench {

namespace {

bool iequals(std::string_view a, std::string_view b) { return header_name_equals(a, b); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool contains_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    *error = "endpoint must start with http:// (TLS is not supported)";
    return std::nullopt;
  }
  url.remove_prefix(kScheme.size());
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  size_t colon = url.rfind(':');
  if (colon == std::string_view::npos) {
    *error = "endpoint needs an explicit port: http://HOST:PORT";
    return std::nullopt;
  }
  Endpoint endpoint;
  endpoint.host = std::string(url.substr(0, colon));
  std::string_view port = url.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    *error = "bad port in endpoint";
    return std::nullopt;
  }
  endpoint.port = static_cast<uint16_t>(value);
  endpoint.host_header = std::string(url);
  std::string ip = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host;
  endpoint.address.sin_family = AF_INET;
  endpoint.address.sin_port = htons(endpoint.port);
  if (inet_pton(AF_INET, ip.c_str(), &endpoint.address.sin_addr) != 1) {
    *error = "endpoint host must be an IPv4 address or localhost";
    return std::nullopt;
  }
  return endpoint;
}

void append_wire_request(const HttpRequest& request, std::string& out) {
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : request.headers)
    out.append(name).append(": ").append(value).append("\r\n");
  out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n\r\n");
  out.append(request.body);
}

int open_connection(const Endpoint& endpoint, bool non_blocking) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (non_blocking ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint.address),
                sizeof endpoint.address) != 0 &&
      errno != EINPROGRESS) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

void ResponseParser::reset() {
  buffer_.clear();
  decoded_.clear();
  body_start_ = 0;
  head_done_ = false;
  status_ = 0;
  keep_alive_ = true;
  chunked_ = false;
  until_eof_ = false;
  content_length_ = 0;
  body_ = {};
}

ResponseParser::State ResponseParser::feed(const char* data, size_t size) {
  buffer_.append(data, size);
  if (!head_done_) {
    State s = parse_head();
    if (s != State::kIncomplete || !head_done_) return s;
  }
  return try_complete();
}

ResponseParser::State ResponseParser::parse_head() {
  size_t end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos)
    return buffer_.size() > 64 * 1024 ? State::kError : State::kIncomplete;
  std::string_view head(buffer_.data(), end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) return State::kError;
  const bool http10 = status_line[7] == '0';
  keep_alive_ = !http10;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status_);
  if (ec != std::errc()) return State::kError;
  bool have_length = false;
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      std::from_chars(value.data(), value.data() + value.size(), content_length_);
      have_length = true;
    } else if (iequals(name, "Transfer-Encoding")) {
      chunked_ = contains_token(value, "chunked");
    } else if (iequals(name, "Connection")) {
      if (contains_token(value, "close")) keep_alive_ = false;
      if (contains_token(value, "keep-alive")) keep_alive_ = true;
    }
  }
  if (!chunked_ && !have_length) {
    // 1xx, 204 and 304 have no body; anything else without a length runs to end of stream.
    if (!(status_ / 100 == 1 || status_ == 204 || status_ == 304)) {
      until_eof_ = true;
      keep_alive_ = false;
    }
  }
  body_start_ = end + 4;
  head_done_ = true;
  return State::kIncomplete;
}

ResponseParser::State ResponseParser::try_complete() {
  if (until_eof_) return State::kIncomplete;
  if (!chunked_) {
    if (buffer_.size() - body_start_ < content_length_) return State::kIncomplete;
    body_ = std::string_view(buffer_).substr(body_start_, content_length_);
    return State::kComplete;
  }
  // Chunked: decode once the terminating chunk (and the empty trailer) is in.
  if (!std::string_view(buffer_).substr(body_start_).ends_with("0\r\n\r\n"))
    return State::kIncomplete;
  decoded_.clear();
  size_t pos = body_start_;
  while (true) {
    size_t eol = buffer_.find("\r\n", pos);
    if (eol == std::string::npos) return State::kIncomplete;
    size_t chunk = 0;
    auto [p, ec] = std::from_chars(buffer_.data() + pos, buffer_.data() + eol, chunk, 16);
    if (ec != std::errc()) return State::kError;
    pos = eol + 2;
    if (chunk == 0) break;
    if (buffer_.size() < pos + chunk + 2) return State::kIncomplete;
    decoded_.append(buffer_, pos, chunk);
    pos += chunk + 2;
  }
  body_ = decoded_;
  return State::kComplete;
}

ResponseParser::State ResponseParser::finish_at_eof() {
  if (head_done_ && until_eof_) {
    body_ = std::string_view(buffer_).substr(body_start_);
    return State::kComplete;
  }
  return State::kError;
}

BlockingClient::~BlockingClient() { close_socket(); }

void BlockingClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

SimpleResponse BlockingClient::send(const HttpRequest& request) {
  std::string wire;
  append_wire_request(request, wire);
  bool retry = false;
  SimpleResponse response = attempt(wire, &retry);
  // A kept-alive connection the server has since closed fails before any answer: try once more.
  if (retry) response = attempt(wire, &retry);
  return response;
}

SimpleResponse BlockingClient::attempt(const std::string& wire, bool* retry) {
  const bool reused = fd_ >= 0;
  *retry = false;
  if (fd_ < 0) fd_ = open_connection(endpoint_, /*non_blocking=*/false);
  if (fd_ < 0) return {};
  size_t sent = 0;
  while (sent < wire.size()) {
    ssize_t n = ::send(fd_, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close_socket();
      *retry = reused;
      return {};
    }
    sent += static_cast<size_t>(n);
  }
  ResponseParser parser;
  char buffer[16384];
  while (true) {
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    ResponseParser::State state;
    if (n > 0) {
      state = parser.feed(buffer, static_cast<size_t>(n));
    } else {
      state = n == 0 ? parser.finish_at_eof() : ResponseParser::State::kError;
      if (state != ResponseParser::State::kComplete) {
        *retry = reused && parser.idle();
        close_socket();
        return {};
      }
    }
    if (state == ResponseParser::State::kError) {
      close_socket();
      return {};
    }
    if (state == ResponseParser::State::kComplete) {
      SimpleResponse response{parser.status(), std::string(parser.body())};
      if (!parser.keep_alive()) close_socket();
      return response;
    }
  }
}

std::string xml_text(std::string_view xml, std::string_view tag) {
  std::string open, close;
  open.append("<").append(tag).append(">");
  close.append("</").append(tag).append(">");
  size_t start = xml.find(open);
  if (start == std::string_view::npos) return {};
  start += open.size();
  size_t end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  std::string_view raw = xml.substr(start, end - start);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out.push_back(raw[i]);
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool matched = false;
    for (const auto& [entity, c] : kEntities) {
      if (raw.substr(i).starts_with(entity)) {
        out.push_back(c);
        i += entity.size() - 1;
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back('&');
  }
  return out;
}

}  // namespace localiam::bench
