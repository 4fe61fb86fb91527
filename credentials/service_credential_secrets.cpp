#include "credentials/service_credential_secrets.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "credentials/base32.hpp"

namespace localiam::credentials {

namespace {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

}  // namespace

std::string make_service_password() { return base64_encode(random_bytes(32)); }

std::string make_service_api_key(std::string_view alias) {
  return "ABSK" + base64_encode(std::string(alias) + ":" + base64_encode(random_bytes(30)));
}

}  // namespace localiam::credentials
