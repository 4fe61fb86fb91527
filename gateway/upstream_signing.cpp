#include "gateway/upstream_signing.hpp"

#include <ctime>

#include "sigv4/signer.hpp"

namespace localiam::gateway {

void sign_for_upstream(HttpRequest& request, const UpstreamUrl& upstream, const UpstreamKeys& keys,
                       std::string_view region, std::string_view service) {
  request.headers.emplace_back("Host", upstream.host_header());
  sigv4::SigningParams params;
  params.access_key_id = keys.access_key;
  params.secret_access_key = keys.secret_key;
  params.region = std::string(region);
  params.service = std::string(service);
  params.epoch_seconds = static_cast<int64_t>(std::time(nullptr));
  sigv4::sign_request(request, params);
}

}  // namespace localiam::gateway
