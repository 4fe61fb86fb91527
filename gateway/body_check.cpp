#include "gateway/body_check.hpp"

#include <utility>

namespace localiam::gateway {

namespace {

bool hex_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; };
    diff |= static_cast<unsigned>(lower(a[i]) ^ lower(b[i]));
  }
  return diff == 0;
}

}  // namespace

BodyCheck BodyCheck::plain() { return BodyCheck(Kind::kPlain); }

BodyCheck BodyCheck::sha256(std::string declared_hex) {
  BodyCheck c(Kind::kSha256);
  c.declared_ = std::move(declared_hex);
  c.hash_.emplace();
  return c;
}

BodyCheck BodyCheck::chunked(sigv4::ChunkedPayloadDecoder decoder, uint64_t decoded_length) {
  BodyCheck c(Kind::kChunked);
  c.decoder_.emplace(std::move(decoder));
  c.decoded_length_ = decoded_length;
  return c;
}

Status BodyCheck::feed(std::string_view in, std::string& out) {
  switch (kind_) {
    case Kind::kPlain:
      out.append(in);
      return ok_status();
    case Kind::kSha256:
      hash_->update(in);
      out.append(in);
      return ok_status();
    case Kind::kChunked:
      RETURN_IF_ERROR(decoder_->feed(in, out));
      if (decoder_->decoded() > decoded_length_)
        return errors::IncompleteBody(
            "the aws-chunked body holds more data than x-amz-decoded-content-length says");
      return ok_status();
  }
  return ok_status();
}

Status BodyCheck::finish() {
  if (kind_ == Kind::kSha256 && !hex_equal(sigv4::to_hex(hash_->finish()), declared_))
    return errors::XAmzContentSHA256Mismatch(
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  if (kind_ == Kind::kChunked && (!decoder_->done() || decoder_->decoded() != decoded_length_))
    return errors::IncompleteBody(
        "You did not provide the number of bytes specified by the Content-Length HTTP header");
  return ok_status();
}

}  // namespace localiam::gateway
