// Sha256Stream: SHA-256 of a body that arrives in pieces (a streamed upload whose declared
// X-Amz-Content-Sha256 is checked as it passes, a chunk of an aws-chunked body). Not
// thread-safe; one per body. Movable, not copyable.
#pragma once

#include <memory>
#include <string_view>

#include "sigv4/crypto.hpp"

namespace localiam::sigv4 {

class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(Sha256Stream&&) noexcept;
  Sha256Stream& operator=(Sha256Stream&&) noexcept;

  void update(std::string_view piece);
  // The digest of every piece since construction or the last finish(); starts a new hash.
  Sha256Digest finish();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

}  // namespace localiam::sigv4
