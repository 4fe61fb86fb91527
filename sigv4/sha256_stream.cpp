#include "sigv4/sha256_stream.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace localiam::sigv4 {

struct Sha256Stream::Context {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  Context() {
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("SHA-256 context could not be created");
  }
  ~Context() { EVP_MD_CTX_free(md); }
};

Sha256Stream::Sha256Stream() : ctx_(std::make_unique<Context>()) {}
Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::update(std::string_view piece) {
  if (!piece.empty()) EVP_DigestUpdate(ctx_->md, piece.data(), piece.size());
}

Sha256Digest Sha256Stream::finish() {
  Sha256Digest out{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx_->md, out.data(), &size);
  EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr);
  return out;
}

}  // namespace localiam::sigv4
