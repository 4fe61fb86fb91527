#include "sigv4/chunked_payload.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "sigv4/canonical_request.hpp"

namespace localiam::sigv4 {

namespace {

// A size line or trailer line longer than this is not framing anyone sends.
constexpr size_t kMaxLine = 4096;

Status bad_framing(std::string what) {
  return errors::IncompleteBody("bad chunk framing: " + std::move(what));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string chunk_signature(const ChunkSigning& signing, std::string_view previous,
                            std::string_view data_sha256_hex) {
  std::string to_sign;
  to_sign.reserve(300);
  to_sign.append("AWS4-HMAC-SHA256-PAYLOAD\n")
      .append(signing.amz_date)
      .append("\n")
      .append(signing.scope)
      .append("\n")
      .append(previous)
      .append("\n")
      .append(kEmptyPayloadSha256)
      .append("\n")
      .append(data_sha256_hex);
  return to_hex(hmac_sha256(signing.key, to_sign));
}

ChunkedPayloadDecoder::ChunkedPayloadDecoder(std::optional<ChunkSigning> signing, bool trailers)
    : signing_(std::move(signing)), trailers_allowed_(trailers) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

Status ChunkedPayloadDecoder::fail(Status status) {
  state_ = State::kFailed;
  return status;
}

Status ChunkedPayloadDecoder::size_line(std::string_view line) {
  std::string_view size = line.substr(0, line.find(';'));
  std::string_view extension =
      line.size() > size.size() ? line.substr(size.size() + 1) : std::string_view();
  size = trim(size);
  if (size.empty() || size.size() > 15)
    return bad_framing("chunk size '" + std::string(size) + "'");
  uint64_t n = 0;
  for (char c : size) {
    const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                  : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                              : -1;
    if (d < 0) return bad_framing("chunk size '" + std::string(size) + "'");
    n = n * 16 + static_cast<uint64_t>(d);
  }
  chunk_signature_.clear();
  if (signing_) {
    constexpr std::string_view kKey = "chunk-signature=";
    if (!extension.starts_with(kKey))
      return errors::SignatureDoesNotMatch("a chunk of a signed aws-chunked body has no signature");
    chunk_signature_ = std::string(trim(extension.substr(kKey.size())));
  }
  remaining_ = n;
  last_chunk_ = n == 0;
  return ok_status();
}

Status ChunkedPayloadDecoder::chunk_complete() {
  if (!signing_) return ok_status();
  const std::string expected =
      chunk_signature(*signing_, previous_signature_, to_hex(chunk_hash_.finish()));
  if (!constant_time_equals(expected, chunk_signature_))
    return errors::SignatureDoesNotMatch(
        "The request signature we calculated does not match the signature you provided. Check "
        "your key and signing method.");
  previous_signature_ = expected;
  return ok_status();
}

Status ChunkedPayloadDecoder::trailer_line(std::string_view line) {
  if (line.empty()) {
    state_ = State::kDone;
    return ok_status();
  }
  if (!trailers_allowed_) return bad_framing("a trailer in a body that announced none");
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return bad_framing("trailer line without a name");
  if (trailer_list_.size() >= 16) return bad_framing("too many trailers");
  std::string name(trim(line.substr(0, colon)));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  trailer_list_.emplace_back(std::move(name), std::string(trim(line.substr(colon + 1))));
  return ok_status();
}

Status ChunkedPayloadDecoder::feed(std::string_view in, std::string& out) {
  while (!in.empty()) {
    switch (state_) {
      case State::kFailed:
        return bad_framing("the body already failed");
      case State::kDone:
        return fail(bad_framing("bytes after the last chunk"));
      case State::kData: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, in.size()));
        out.append(in.substr(0, n));
        if (signing_) chunk_hash_.update(in.substr(0, n));
        decoded_ += n;
        remaining_ -= n;
        in.remove_prefix(n);
        if (remaining_ == 0) {
          if (Status s = chunk_complete(); !s.ok()) return fail(std::move(s));
          state_ = State::kDataEnd;
        }
        break;
      }
      case State::kSizeLine:
      case State::kDataEnd:
      case State::kTrailer: {
        const size_t lf = in.find('\n');
        const std::string_view part = in.substr(0, lf == std::string_view::npos ? in.size() : lf);
        if (line_.size() + part.size() > kMaxLine) return fail(bad_framing("line too long"));
        line_.append(part);
        if (lf == std::string_view::npos) return ok_status();
        in.remove_prefix(lf + 1);
        if (line_.empty() || line_.back() != '\r')
          return fail(bad_framing("a line ends without CRLF"));
        line_.pop_back();
        const std::string line = std::exchange(line_, {});
        if (state_ == State::kDataEnd) {
          if (!line.empty()) return fail(bad_framing("chunk data longer than its size"));
          state_ = State::kSizeLine;
        } else if (state_ == State::kTrailer) {
          if (Status s = trailer_line(line); !s.ok()) return fail(std::move(s));
        } else {
          if (Status s = size_line(line); !s.ok()) return fail(std::move(s));
          if (last_chunk_) {
            if (Status s = chunk_complete(); !s.ok()) return fail(std::move(s));
            state_ = State::kTrailer;
          } else {
            state_ = State::kData;
          }
        }
        break;
      }
    }
  }
  return ok_status();
}

}  // namespace localiam::sigv4
