// Fuzzes JWT parsing (federation/jwt) as AssumeRoleWithWebIdentity reads tokens: the compact
// form, base64url, the header and claims JSON, every claim accessor, and an RS256 check of the
// signature against a fixed key. Invariant: a token that parses re-encodes to the same signing
// input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "federation/base64.hpp"
#include "federation/jwt.hpp"
#include "federation/rsa_key.hpp"

using namespace localiam::federation;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const RsaKey key = RsaKey::generate(2048);
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  (void)base64url_decode(token);
  (void)base64_decode(token);
  auto jwt = parse_jwt(token);
  if (!jwt) return 0;
  if (!token.starts_with(jwt->signing_input)) std::abort();
  (void)jwt->alg();
  (void)jwt->kid();
  for (const char* claim : {"iss", "sub", "aud", "azp", "amr", "nonce"})
    (void)jwt->string_claim(claim);
  for (const char* claim : {"exp", "iat", "nbf", "auth_time"}) (void)jwt->time_claim(claim);
  (void)jwt->audiences();
  (void)key.verify(jwt->signing_input, jwt->signature);
  return 0;
}
