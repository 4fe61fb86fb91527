#include "federation/jwks.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "federation/https_fetch.hpp"
#include "federation/rsa_key.hpp"

using namespace localiam::federation;

TEST_CASE("JWKS: the key with the token's kid, RSA signing keys only", "[federation]") {
  const RsaKey key = RsaKey::generate(2048);
  const std::string jwk = key.public_jwk_json();  // carries kid = its thumbprint
  const std::string jwks = R"({"keys":[{"kty":"EC","kid":"ec"},)" + jwk + "]}";
  const std::string data = "signed data";
  auto found = jwks_rsa_key(jwks, key.thumbprint());
  REQUIRE(found);
  CHECK(found->verify(data, key.sign(data)));
  CHECK_FALSE(jwks_rsa_key(jwks, "other"));
  CHECK_FALSE(jwks_rsa_key(jwks, "ec"));
  CHECK_FALSE(jwks_rsa_key("{\"keys\":{}}", key.thumbprint()));
  CHECK_FALSE(jwks_rsa_key("not json", key.thumbprint()));
  CHECK_FALSE(jwks_rsa_key(std::string(100000, '['), "x"));
}

TEST_CASE("JWKS: discovery document's jwks_uri", "[federation]") {
  CHECK(discovery_jwks_uri(R"({"issuer":"https://a","jwks_uri":"https://a/keys"})") ==
        "https://a/keys");
  CHECK_FALSE(discovery_jwks_uri(R"({"jwks_uri":3})"));
  CHECK_FALSE(discovery_jwks_uri(R"({"jwks_uri":""})"));
  CHECK_FALSE(discovery_jwks_uri("[]"));
}

TEST_CASE("fetch_url refuses malformed URLs without touching the network", "[federation]") {
  FetchOptions options;
  options.timeout_ms = 200;
  for (const char* url :
       {"ftp://x/", "https://", "https://user@host/", "http://host:/", "http://host:8x/",
        "http://ho st/", "http://host/a b", "http://host/\r\nX"})
    CHECK_FALSE(fetch_url(url, options));
}
