#include "gateway/upstream_client.hpp"

#include "gateway/stream_forward.hpp"
#include "gateway/upstream_pool.hpp"

namespace localiam::gateway {

UpstreamAnswer send_upstream(const UpstreamUrl& upstream, const HttpRequest& request,
                             const UpstreamTimeouts& timeouts) {
  UpstreamAnswer out;
  BufferedClient client(request.method == "HEAD");
  ForwardBody body;
  body.buffered = request.body;
  body.upstream_length = request.body.size();
  const ForwardResult result =
      forward_exchange(UpstreamPool::shared(), upstream, timeouts, request, body, client);
  if (client.too_large()) {
    out.failure = "answer larger than 64 MiB";
    return out;
  }
  if (result.outcome != ForwardResult::Outcome::kRelayed) {
    out.failure = result.failure.empty() ? "the exchange failed" : result.failure;
    return out;
  }
  out.response = client.take();
  return out;
}

}  // namespace localiam::gateway
