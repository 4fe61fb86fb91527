// Certificate chains and private keys made with the openssl command line (EC P-256):
// a root CA, an intermediate it signed, and a leaf the intermediate signed; the leaf's key in
// the clear and encrypted with a passphrase.
#include <catch2/catch.hpp>
#include <string>

#include "credentials/x509_certificate.hpp"

using namespace localiam::credentials;

namespace {

constexpr const char* kRoot = R"(-----BEGIN CERTIFICATE-----
MIIBjjCCATOgAwIBAgIUDdV48nxsbl0xHitKr08qrbzeUaIwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQbG9jYWxpYW0tdGVzdC1jYTAgFw0yNjExMjgxNTUzMThaGA8y
MTI2MTEwNDE1NTMxOFowGzEZMBcGA1UEAwwQbG9jYWxpYW0tdGVzdC1jYTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABGBxKIFcp9Ng3gcT/YP3NEbjDTHix9Y/9Gv9
+gmn3n4nVMaqkNey8XA3FYIpPUec2Jw4kXx1o8sPgzc65PGDzvSjUzBRMB0GA1Ud
DgQWBBRqOOBqNUJPT39GCcnNfpfLms8TyTAfBgNVHSMEGDAWgBRqOOBqNUJPT39G
CcnNfpfLms8TyTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDA
OrXCgEgP8J2sYOqMz/S8WcJDZLByVqxDS4b5GHSqrQIhAMrcL09b9FAXJPw5E6eK
GsETcJW4Ts+ZOfP7S5ccBaSk
-----END CERTIFICATE-----
)";
constexpr const char* kIntermediate = R"(-----BEGIN CERTIFICATE-----
MIIBmDCCAT2gAwIBAgIUNNDPdI5JeijQmvjprrhZSSy6NXgwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQbG9jYWxpYW0tdGVzdC1jYTAgFw0yNjExMjgxNTUzMThaGA8y
MTI1MDYyMjE1NTMxOFowJTEjMCEGA1UEAwwabG9jYWxpYW0tdGVzdC1pbnRlcm1l
ZGlhdGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATJ76fvoeUYkTVX/5RqYka2
VoTQgxIab5rOZo1ukGHvIdBhz59Pf1EKooCJRPCDerGZq4xZPW41LSgKY14vnklA
o1MwUTAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRLrbXqDQoJxe29xlhLxeZM
mYOerjAfBgNVHSMEGDAWgBRqOOBqNUJPT39GCcnNfpfLms8TyTAKBggqhkjOPQQD
AgNJADBGAiEAmhISEPApc7V8Ii8BSgO1Rz/2t6vdTy8UsgCghbzNXIwCIQCW27Z7
/wviDzbXc4vd66t62TmGfOpSlWsj1FUXRzG1xQ==
-----END CERTIFICATE-----
)";
constexpr const char* kLeaf = R"(-----BEGIN CERTIFICATE-----
MIIBPTCB5QIUO5zRbadE5M/jnLkoucKih62N7okwCgYIKoZIzj0EAwIwJTEjMCEG
A1UEAwwabG9jYWxpYW0tdGVzdC1pbnRlcm1lZGlhdGUwIBcNMjYxMTI4MTU1MzE4
WhgPMjEyMjA5MjYxNTUzMThaMB0xGzAZBgNVBAMMEmxlYWYubG9jYWxpYW0udGVz
dDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABL+bAnAoXr0JP/22I/mD9wgJUbt9
bUkGjWnEKr8m3g0zxZiSoqDYvM4Eb6GfaBI7Hw6ONOKfKcr1I+E7r9NA8PUwCgYI
KoZIzj0EAwIDRwAwRAIgA3mrlvcL0x9vAVlJzkOZovYv1p1PbYDUc4KZvh2zmiIC
IAp8jnFQE84kWek05xZspQlpt7X1y6+D1Mco/UBdUl6/
-----END CERTIFICATE-----
)";
constexpr const char* kLeafKey = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIAFn/Rhuo6+u2ZgVCufGmpHJc+0sxKRf0X7VESeI+bJ2oAoGCCqGSM49
AwEHoUQDQgAEv5sCcChevQk//bYj+YP3CAlRu31tSQaNacQqvybeDTPFmJKioNi8
zgRvoZ9oEjsfDo404p8pyvUj4Tuv00Dw9Q==
-----END EC PRIVATE KEY-----
)";
constexpr const char* kLeafKeyEncrypted = R"(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgmfGomGo7UPAICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEEQ3QlQiPdics5EC+xCweXIEgZA8
5J7vecQ7Jg0KXokpRF8lubwLiqBzw3kjxB48tjNKoL3Wf0xL0GWcqAC7UGjn7alP
mPCeY1YIVOWwcc4V9h9+fcjXsEUxMNYmTgGcKZvLtfCROEw3Bi+gtDgkREnEVKQb
012Ygb5//kWdYsKgTcCzBKMeBNtIfnqmj86Q2q+rUOReE13wDD9N9H+05uTjn3k=
-----END ENCRYPTED PRIVATE KEY-----
)";
constexpr const char* kIntermediateKey = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIK2ImgJhxlPGLJGOWkUhXN0wjJwgRSjkJT6TRhjbsTWnoAoGCCqGSM49
AwEHoUQDQgAEye+n76HlGJE1V/+UamJGtlaE0IMSGm+azmaNbpBh7yHQYc+fT39R
CqKAiUTwg3qxmauMWT1uNS0oCmNeL55JQA==
-----END EC PRIVATE KEY-----
)";

}  // namespace

TEST_CASE("a chain signs a certificate only in issuing order", "[credentials][x509][chain]") {
  const std::string intermediate = kIntermediate, root = kRoot;
  struct Case {
    std::string chain;
    bool signs;
    int invalid_index;
  };
  const Case cases[] = {
      {intermediate, true, 0},
      {intermediate + root, true, 0},
      {root, false, -1},                 // the root did not issue the leaf
      {root + intermediate, false, -1},  // wrong order
      {intermediate + intermediate, false, 0},
      {intermediate + kLeaf, false, 0},
  };
  for (const Case& c : cases) {
    const ChainCheck check = check_chain(kLeaf, c.chain);
    CHECK(check.parsed);
    CHECK(check.signs == c.signs);
    if (!c.signs) CHECK(check.invalid_index == c.invalid_index);
  }
  // A chain that ends in a self-signed root needs nothing above it; a lone self-signed
  // certificate is its own issuer.
  CHECK(check_chain(kIntermediate, root).signs);
  CHECK(check_chain(kRoot, root).signs);
}

TEST_CASE("chains that do not decode are not parsed", "[credentials][x509][chain]") {
  const std::string intermediate = kIntermediate;
  CHECK_FALSE(check_chain(kLeaf, "").parsed);
  CHECK_FALSE(check_chain(kLeaf, "not a chain").parsed);
  CHECK_FALSE(check_chain(kLeaf, kLeafKey).parsed);
  std::string broken = intermediate;
  broken.replace(broken.find("MII") + 10, 8, "!!!!!!!!");
  CHECK_FALSE(check_chain(kLeaf, broken).parsed);
  CHECK_FALSE(check_chain(kLeaf, intermediate + broken).parsed);
}

TEST_CASE("server certificate keys: the leaf's own, in the clear", "[credentials][x509]") {
  CHECK(private_key_matches(kLeaf, kLeafKey) == KeyMatch::kMatches);
  CHECK(private_key_matches(kLeaf, kIntermediateKey) == KeyMatch::kMismatch);
  CHECK(private_key_matches(kIntermediate, kLeafKey) == KeyMatch::kMismatch);
  // IAM takes only unencrypted keys; an encrypted one cannot be read (and nothing prompts).
  CHECK(private_key_matches(kLeaf, kLeafKeyEncrypted) == KeyMatch::kUnreadableKey);
  CHECK(private_key_matches("not a certificate", kLeafKey) == KeyMatch::kUnreadableKey);
}
