// How every request the gateway sends upstream is signed (forwarded calls and the reads of
// resource policies alike): the Host set to the upstream's, then SigV4 with the upstream's keys
// (--upstream-access-key/--upstream-secret-key) for the request's region and service, dated with
// the real time: the upstream checks the date against its own clock, which the admin clock
// endpoint does not move. The body is signed over unless x-amz-content-sha256 says otherwise.
#pragma once

#include <string>
#include <string_view>

#include "common/http_message.hpp"
#include "gateway/upstream_url.hpp"

namespace localiam::gateway {

struct UpstreamKeys {
  std::string access_key = "test";
  std::string secret_key = "test";
};

// `request` must have no Host header yet.
void sign_for_upstream(HttpRequest& request, const UpstreamUrl& upstream, const UpstreamKeys& keys,
                       std::string_view region, std::string_view service);

}  // namespace localiam::gateway
