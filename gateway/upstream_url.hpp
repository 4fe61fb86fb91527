// The upstream that --upstream names: an AWS emulator (moto_server, …) reached over plain HTTP,
// as host and port. A URL with a path, a query, credentials or https:// is refused with a
// message saying why (this slice forwards to the root of an http:// endpoint only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace localiam::gateway {

struct UpstreamUrl {
  std::string host;  // name or address, IPv6 without brackets
  uint16_t port = 80;
  // "HOST:PORT" as the Host header says it (brackets around IPv6, the port always written).
  std::string host_header() const;
  std::string text() const { return "http://" + host_header(); }
};

// `why` says what is wrong ("must be an http:// URL …") when the answer is nullopt.
std::optional<UpstreamUrl> parse_upstream_url(std::string_view text, std::string& why);

}  // namespace localiam::gateway
