// Decodes an S3 aws-chunked request body as it arrives, piece by piece, for the gateway:
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD (each chunk "SIZE;chunk-signature=SIG\r\nDATA\r\n", its
// signature chained from the previous one, starting at the request's seed signature, and checked
// in constant time when the chunk's data is complete) and STREAMING-UNSIGNED-PAYLOAD-TRAILER
// ("SIZE\r\nDATA\r\n" chunks, then trailer lines such as x-amz-checksum-crc32). Holds at most
// one line; chunk data goes straight out. Pure: no I/O, no clock. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/http_message.hpp"
#include "common/result.hpp"
#include "sigv4/sha256_stream.hpp"
#include "sigv4/signing_key_cache.hpp"

namespace localiam::sigv4 {

// What signs the chunks of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body.
struct ChunkSigning {
  SigningKey key;
  std::string amz_date;        // the request's basic-format timestamp
  std::string scope;           // "DATE/REGION/SERVICE/aws4_request"
  std::string seed_signature;  // the request's own signature (hex)
};

class ChunkedPayloadDecoder {
 public:
  // `signing` set: every chunk carries a signature that is verified; unset: chunk signatures
  // (if any) are ignored, for unsigned bodies and callers that could not verify the seed.
  // `trailers`: the body may end with trailer lines (x-amz-trailer).
  ChunkedPayloadDecoder(std::optional<ChunkSigning> signing, bool trailers);

  // Decodes `in`, appending the chunks' data to `out`. Errors: IncompleteBody ("bad chunk
  // framing: …") on malformed framing or bytes after the end; SignatureDoesNotMatch when a chunk's
  // signature is wrong. After an error every call fails.
  Status feed(std::string_view in, std::string& out);
  // True once the last chunk (and its trailers) has been read.
  bool done() const { return state_ == State::kDone; }
  // Data bytes decoded so far.
  uint64_t decoded() const { return decoded_; }
  // Trailer lines read ("x-amz-checksum-crc32", "…"), names lowercased.
  const HeaderList& trailers() const { return trailer_list_; }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailer, kDone, kFailed };
  Status size_line(std::string_view line);
  Status trailer_line(std::string_view line);
  Status chunk_complete();
  Status fail(Status status);

  std::optional<ChunkSigning> signing_;
  bool trailers_allowed_;
  State state_ = State::kSizeLine;
  std::string line_;
  uint64_t remaining_ = 0;
  bool last_chunk_ = false;
  std::string chunk_signature_;
  std::string previous_signature_;
  Sha256Stream chunk_hash_;
  uint64_t decoded_ = 0;
  HeaderList trailer_list_;
};

// The signature of one chunk whose data hashes to `data_sha256` (hex), chained from `previous`.
std::string chunk_signature(const ChunkSigning& signing, std::string_view previous,
                            std::string_view data_sha256_hex);

}  // namespace localiam::sigv4
