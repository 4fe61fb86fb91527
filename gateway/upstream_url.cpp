#include "gateway/upstream_url.hpp"

#include <charconv>

namespace localiam::gateway {

std::string UpstreamUrl::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<UpstreamUrl> parse_upstream_url(std::string_view text, std::string& why) {
  constexpr std::string_view kScheme = "http://";
  if (text.starts_with("https://")) {
    why = "must be an http:// URL (https:// upstreams are not supported yet)";
    return std::nullopt;
  }
  if (!text.starts_with(kScheme)) {
    if (text.find('=') != std::string_view::npos && !text.starts_with("http"))
      why = "SERVICE=URL is not supported yet: give one http://HOST:PORT for every service";
    else
      why = "must be an http:// URL like http://127.0.0.1:5000";
    return std::nullopt;
  }
  std::string_view rest = text.substr(kScheme.size());
  while (rest.ends_with("/")) rest.remove_suffix(1);
  if (rest.empty() || rest.find_first_of("/?#@ \t") != std::string_view::npos) {
    why = "must be http://HOST:PORT with no path, query or credentials";
    return std::nullopt;
  }
  UpstreamUrl url;
  std::string_view port;
  if (rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || close == 1) {
      why = "has an unterminated IPv6 address";
      return std::nullopt;
    }
    url.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        why = "must be http://HOST:PORT with no path, query or credentials";
        return std::nullopt;
      }
      port = rest.substr(1);
    }
  } else {
    const size_t colon = rest.find(':');
    url.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (url.host.empty()) {
    why = "names no host";
    return std::nullopt;
  }
  if (!port.empty() || rest.ends_with(":")) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      why = "has a port that is not a number from 1 to 65535";
      return std::nullopt;
    }
    url.port = static_cast<uint16_t>(value);
  }
  return url;
}

}  // namespace localiam::gateway
