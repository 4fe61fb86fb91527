// BodyCheck: holds a request body to what its signature covered while it streams to the
// upstream. Plain (UNSIGNED-PAYLOAD, or a body already checked whole): passed as is. Declared
// SHA-256 (x-amz-content-sha256 = hex): hashed as it passes and compared at the end.
// aws-chunked (STREAMING-…): decoded, each chunk's signature verified, and the decoded data
// passed on, its length held to x-amz-decoded-content-length. The caller sends the upstream
// nothing of the last byte until finish() succeeded, so that a body that fails reaches the
// upstream incomplete and is never committed. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "sigv4/chunked_payload.hpp"
#include "sigv4/sha256_stream.hpp"

namespace localiam::gateway {

class BodyCheck {
 public:
  static BodyCheck plain();
  static BodyCheck sha256(std::string declared_hex);
  static BodyCheck chunked(sigv4::ChunkedPayloadDecoder decoder, uint64_t decoded_length);

  // Appends to `out` what goes upstream for `in`. Errors: IncompleteBody (bad chunk framing,
  // more data than announced), SignatureDoesNotMatch (a chunk's signature).
  Status feed(std::string_view in, std::string& out);
  // At the end of the client's body. Errors: XAmzContentSHA256Mismatch, IncompleteBody
  // (aws-chunked body cut short or of another decoded length).
  Status finish();

 private:
  enum class Kind { kPlain, kSha256, kChunked };
  explicit BodyCheck(Kind kind) : kind_(kind) {}

  Kind kind_;
  std::string declared_;
  std::optional<sigv4::Sha256Stream> hash_;
  std::optional<sigv4::ChunkedPayloadDecoder> decoder_;
  uint64_t decoded_length_ = 0;
};

}  // namespace localiam::gateway
