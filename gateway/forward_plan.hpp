// What the gateway forwards besides the decision: the head the upstream gets (a presigned URL's
// X-Amz-* query parameters dropped, since the forward is re-signed in headers; for a streamed
// S3 body the aws-chunked framing headers dropped and x-amz-content-sha256 saying what is sent)
// and how a streamed body is checked (gateway/body_check.hpp) and announced upstream. aws-chunked
// bodies are de-chunked and sent with their decoded length as UNSIGNED-PAYLOAD: every emulator
// understands a plain body, the chunk signatures were checked here against the caller's key, and
// the upstream's own key could not re-sign them without buffering. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/http_message.hpp"
#include "common/result.hpp"
#include "gateway/body_check.hpp"
#include "sigv4/signing_key_cache.hpp"
#include "sigv4/verifier.hpp"

namespace localiam::gateway {

// An S3 presigned URL's validity: X-Amz-Expires at most 604800 seconds (a week), and `now` not
// past X-Amz-Date + X-Amz-Expires nor 15 minutes before X-Amz-Date. Errors as S3's:
// AuthorizationQueryParametersError (400), AccessDenied "Request has expired" (403).
Status check_presigned_expiry(const sigv4::ParsedAuth& auth, int64_t now_epoch_seconds);

// `target` without the presigned URL's X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders/
// Signature/Security-Token parameters (other parameters kept, in order, as sent).
std::string without_presign_params(std::string_view target);

// The request to re-sign for the upstream: method, target, headers, and the body when it does
// not stream (the upstream's signature covers it); a streamed body is not here.
HttpRequest forwarded_head(const HttpRequest& request, const sigv4::ParsedAuth& auth, bool streams);

struct BodyPlan {
  BodyCheck check = BodyCheck::plain();
  std::optional<uint64_t> upstream_length;  // unset: sent chunked
};

// How a streamed body is checked. `signing_key`: the caller's, when its signature was verified
// (aws-chunked chunk signatures are then verified too; without it, as for the root key in open
// mode, they are not). Errors: IncompleteBody (aws-chunked without a valid
// x-amz-decoded-content-length), InvalidParameterValue naming a payload type localiam does not
// forward.
Result<BodyPlan> body_plan(const HttpRequest& request, const sigv4::ParsedAuth& auth,
                           const std::optional<sigv4::SigningKey>& signing_key);

}  // namespace localiam::gateway
