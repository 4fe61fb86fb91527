// Certificates and private keys made with the openssl command line: validity dates and
// SHA-256 fingerprints as `openssl x509 -enddate -fingerprint -sha256` prints them, chains, and
// private keys that do or do not belong to a certificate (PKCS#8, PKCS#1, EC).
#include "credentials/x509_certificate.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace localiam::credentials;

namespace {

constexpr const char* kCert1 = R"(-----BEGIN CERTIFICATE-----
MIIDFTCCAf2gAwIBAgIUNk3LpiDuTzhXNFdJJlallS1vF7owDQYJKoZIhvcNAQEL
BQAwGjEYMBYGA1UEAwwPbG9jYWxpYW0tdGVzdC0xMB4XDTI2MTEyODExMjAyOVoX
DTM2MTEyNTExMjAyOVowGjEYMBYGA1UEAwwPbG9jYWxpYW0tdGVzdC0xMIIBIjAN
BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA42EKNIKI9SgDfl2sEM975sGEGPP8
yxDDlw8ZIX+NaJqpDskswTqcDChS9RgFuV+V4bPlv6SvTIY8imDPhro1N8QZxA2k
DmunbOx1TuEzuTrCi0ZZtw94499rrZn6Uy0C7abLc+wpVuoiIeo6Gq6lADruyqhp
giqjmiapFwV7uQpTqLV/FhHQFbb9OEb4UZhNPa3iyckOB7J6O7vg6pHzDKgwLp6b
JP4urpgFn+QdoTf5pTyLTN6SV1BA9ZD8iFk9btvqjeAtXl9HIYKoPh+8BQvqlwQD
lcxcr9rCAt9i+cjJ9emyXmB70Gpk7cWh946f12MAFd12kcL0kH56CSOv0wIDAQAB
o1MwUTAdBgNVHQ4EFgQUMfbGrKgPoMkc8NelvU+guNAUQVkwHwYDVR0jBBgwFoAU
MfbGrKgPoMkc8NelvU+guNAUQVkwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0B
AQsFAAOCAQEAZZS8GL2CoedZZiVA/cBIHEYTMGrmZg9hAivcTe0QyLQ1fbYGsEJu
jlXLsljpAiNwPHnqoyFDgdAhMOZywqKK92McoC+5uhjR82dimOzN6MPEG+dVBRea
CN7KFWsE2f86vwLKqjZ6HaFMAFmQo2E3+FibG3UXpWCYwsWRvO/CYRu5LayDYJXe
K21ltHxMUuO0KwsinCMCbgJ8MjkrePX2bmkPmN0QfZr/Z6nud7pdrhRBfXs+jZnr
8Bw24j8GW8TrCQO/prPOZPjAcUZVi9S77vpokBOe0+yVsQ21YsVvzAGtmGygPpK4
RWdjQilo1oKe2dXNLJyAozdjrCO3+ZA+JQ==
-----END CERTIFICATE-----
)";
constexpr const char* kKey1 = R"(-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDjYQo0goj1KAN+
XawQz3vmwYQY8/zLEMOXDxkhf41omqkOySzBOpwMKFL1GAW5X5Xhs+W/pK9MhjyK
YM+GujU3xBnEDaQOa6ds7HVO4TO5OsKLRlm3D3jj32utmfpTLQLtpstz7ClW6iIh
6joarqUAOu7KqGmCKqOaJqkXBXu5ClOotX8WEdAVtv04RvhRmE09reLJyQ4Hsno7
u+DqkfMMqDAunpsk/i6umAWf5B2hN/mlPItM3pJXUED1kPyIWT1u2+qN4C1eX0ch
gqg+H7wFC+qXBAOVzFyv2sIC32L5yMn16bJeYHvQamTtxaH3jp/XYwAV3XaRwvSQ
fnoJI6/TAgMBAAECggEAPN5VZQkssLQtez6IOVfRy0wymJt4KMQsF9wq1hTXPhFp
AFRKbs/JxldlHcd4gM9dyDXoYw0rAElPG5we8eoXJP6SBzG/oTygbUA/hwYyWnuo
aLBEhATYT+gXYzm9EVcTWZs1C6tExceXq4yQUWQ/N3iPRCEhXX8cnL+MtGT7YeUo
db3AP9NkqnGAuaKHkDiObnZmrAXDxoSSPP/AxPLgnRsmWWZucOnPD2auDurbbwYb
o5QijayI9IZYgyYSj2bjjzmHjfi+b5ugdUOLL4yq5FPF82ekflIClmk8iMrRjrCv
K/3tqeEEvKg2P+iAI+yxAgAGhvIE1AeLUqPWP6bXgQKBgQD+UUhOtVUULgDVO2Mt
72OTwfwpf1evmFG1W/qTKgPD4bXDRKptJ2mKyJ3hdEhdljbKB/ksWDz4K8RdNrHe
CGJKcbBorj0gKpyf1lG/fNCtu+Yyb0+h5GS70oEqyyRRETOtK/1elS3LNPc8YT/w
f8Ub6ppp+Boq/y8zCh8WbEUImQKBgQDk4iJGPiFpK+lbTjTnaRdxlrTM+9C+j/Eo
xr6mwJ5yLIa+y6ZR1niB6Sl0wKpsqqz7LPejGju2Z473zV4LKKAr+7HjHwULci77
kD1krsAFDJTRYcHOwNXuBTexzb6ninYXlY0p/2He/Canjg7bMcrYHCmzyDAnacXY
QaC/bq9jSwKBgFTr13VQ38QJSIXresbP9TRVxlolB6a++inROO8DTJaQPB2kRDSG
wJtzOiUaqz909X6pAu9n15QXKU7nAKXfrtKk+/84j3i6QeqtqkaC6zvYTpnwyWqJ
1YlSVYdwpgPb9qGQ2t5GejAs05H591vbjnov8LgJ/NL2u1ATxSW7qaGhAoGAbduc
V9q6bqCFAS4odmoatop/fWPgbZbpSYkbOS563pJAmpNk4SLv9GrVWxSeuEmzfVu4
ALE2t/Y8yPPpj7GQL4w/daQN59CGfHhe/1RhFgtT4qvpOjOUewpGETGPsRrkU62U
c/QAJechJoso1kyv78qUuZX8hu5d586YOUoHJMECgYA2FwpoVxE0cYKODyONKpXZ
/tdmA2FySks29+8Ky6k3Xua7BrxAVaSy88JMlzZCOje+Q3RcUPIz64TrbX1uw/gi
v9PtlBS+UyDylZoLWCvanc5g9xZcOrFlpo0lAaeAzKbTqJigGntynU0mv9pIglFM
ksBC+/xa1FP1+Up3XtllCQ==
-----END PRIVATE KEY-----
)";
constexpr const char* kKey1Pkcs1 = R"(-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEA42EKNIKI9SgDfl2sEM975sGEGPP8yxDDlw8ZIX+NaJqpDsks
wTqcDChS9RgFuV+V4bPlv6SvTIY8imDPhro1N8QZxA2kDmunbOx1TuEzuTrCi0ZZ
tw94499rrZn6Uy0C7abLc+wpVuoiIeo6Gq6lADruyqhpgiqjmiapFwV7uQpTqLV/
FhHQFbb9OEb4UZhNPa3iyckOB7J6O7vg6pHzDKgwLp6bJP4urpgFn+QdoTf5pTyL
TN6SV1BA9ZD8iFk9btvqjeAtXl9HIYKoPh+8BQvqlwQDlcxcr9rCAt9i+cjJ9emy
XmB70Gpk7cWh946f12MAFd12kcL0kH56CSOv0wIDAQABAoIBADzeVWUJLLC0LXs+
iDlX0ctMMpibeCjELBfcKtYU1z4RaQBUSm7PycZXZR3HeIDPXcg16GMNKwBJTxuc
HvHqFyT+kgcxv6E8oG1AP4cGMlp7qGiwRIQE2E/oF2M5vRFXE1mbNQurRMXHl6uM
kFFkPzd4j0QhIV1/HJy/jLRk+2HlKHW9wD/TZKpxgLmih5A4jm52ZqwFw8aEkjz/
wMTy4J0bJllmbnDpzw9mrg7q228GG6OUIo2siPSGWIMmEo9m4485h434vm+boHVD
iy+MquRTxfNnpH5SApZpPIjK0Y6wryv97anhBLyoNj/ogCPssQIABobyBNQHi1Kj
1j+m14ECgYEA/lFITrVVFC4A1TtjLe9jk8H8KX9Xr5hRtVv6kyoDw+G1w0SqbSdp
isid4XRIXZY2ygf5LFg8+CvEXTax3ghiSnGwaK49ICqcn9ZRv3zQrbvmMm9PoeRk
u9KBKsskUREzrSv9XpUtyzT3PGE/8H/FG+qaafgaKv8vMwofFmxFCJkCgYEA5OIi
Rj4haSvpW04052kXcZa0zPvQvo/xKMa+psCeciyGvsumUdZ4gekpdMCqbKqs+yz3
oxo7tmeO981eCyigK/ux4x8FC3Iu+5A9ZK7ABQyU0WHBzsDV7gU3sc2+p4p2F5WN
Kf9h3vwmp44O2zHK2Bwps8gwJ2nF2EGgv26vY0sCgYBU69d1UN/ECUiF63rGz/U0
VcZaJQemvvop0TjvA0yWkDwdpEQ0hsCbczolGqs/dPV+qQLvZ9eUFylO5wCl367S
pPv/OI94ukHqrapGgus72E6Z8MlqidWJUlWHcKYD2/ahkNreRnowLNOR+fdb2456
L/C4CfzS9rtQE8Ulu6mhoQKBgG3bnFfaum6ghQEuKHZqGraKf31j4G2W6UmJGzku
et6SQJqTZOEi7/Rq1VsUnrhJs31buACxNrf2PMjz6Y+xkC+MP3WkDefQhnx4Xv9U
YRYLU+Kr6TozlHsKRhExj7Ea5FOtlHP0ACXnISaLKNZMr+/KlLmV/IbuXefOmDlK
ByTBAoGANhcKaFcRNHGCjg8jjSqV2f7XZgNhckpLNvfvCsupN17muwa8QFWksvPC
TJc2Qjo3vkN0XFDyM+uE6219bsP4Ir/T7ZQUvlMg8pWaC1gr2p3OYPcWXDqxZaaN
JQGngMym06iYoBp7cp1NJr/aSIJRTJLAQvv8WtRT9flKd17ZZQk=
-----END RSA PRIVATE KEY-----
)";
constexpr const char* kKey2 = R"(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDei0sq5DgIp67z
TnCnGvmbbkNy7UU45wsP6yxR8rmlwgfyrlBwe7TgeCGlnweiK4uLWp1M87QoRBXV
qUFXLBdGx5aqwD/70iqRR8cz7IA2WCARyPgT+JPV94eU8Aho9T1yrVpxOB9LE7rd
Dk0ojX4T1P+nWKDe9NzH/EdMXP1eQor+/quvHUP0MfLTruDq75M4h68gpvwxJPRP
i4icl2dPuJRTKh/XvIA1iEjFlnK8X15CTysZYqu+ecOb2DGaX2YntMt9EeSnC9t0
JqmyjCkeeGjlmf2KAL+6GThjnC0vkfqkHhyZSH0skLdUvVmT5ABV5ZeUVOphOrPZ
Nb+ZGB4fAgMBAAECggEAGOAOC2HOJ52CrzyV1//qZabKEEcYRTeCI4ngftp4SOBq
3gQBBsm1GqAi9q3TfxuJ8g4zZf4ZpaSSojrUjGdnxKgbncN2g3HnAy04RYQKgsiP
8Rz7KdRPxgtwksPP1NeQwkhBQ0WILe6rJPlrw3wpWxMkbnK4LKPHJ+15lL4SLh5h
ibDMpQaI9W5xg0993aK3joG2F4mOnrYlPRroTQhdpQCAwR4HoC7JiL49UCCs6LQH
9IrFiAm3TC+xrARwYE7ssNVvXg4vVNTMpnRKlxVUzaktQbPqRaA6K0I3CJxoGnBo
HOizPvdR30uNWLnWmB38T6VunB/xjrlz6rjfIDBWRQKBgQD/pObRB5lKwTK8H36/
JqKmJoLAfkFhAxBCopHqfZWjyTmoRko8mye4gHjB7U3iEhIT+llP0iNTjEdFQ4gC
YqNb0gfMNcYMhp+szcWQl9ehdZdwSOKcbFi+HQIL3wgu1E36dPgEb4t7uGYMQGN4
DwGNF9Bh8yxxXJJbOeToaIPAqwKBgQDe2pjLcPmw5W/QIJL9OdKJdxwiFZM5JVo4
wJemDlleRdKBRG3vtIC7ErUeTqo0QPDIDPr5QGOo2xf06SmJlJySNv0I8Qd5vF3N
a4yNaQ7M7Hu794TCpl3f6IbD3AQhEE4iJBy9pWBeTWnqlbvXj5fFrS++CneeuDHJ
F103iPFgXQKBgQDgSTLgjYQmG96BQjiXSDRHBV6Nt7dwf5mSfML8MfZJXlAhnJmh
FpcAvmYz7hj4kNYfhPM6nqizsk0NLbR0M0oTUu/YcA00DCCnIVmGBFIArASTVL7M
chphoV2cQK8TNty7MkguzBZaE2wkr5EVUkUQHqaKaSjCxG77bo2wgZGmRQKBgEcm
i7oIa+/qkPRmMgffOjThbn4DXWnVXyTXeJNv6WCL8lWLP35UpvUTV/hBLV5ZjYaR
fl+uCyOSL+fluXlPlV2paMg+DCD13w0C1XEgpbUPm8G7mQt8imQ+nShTSo4z4n5M
AVEbR9VT6gkXnU2Jbu+SB7gpJ1/pdxu49e4RLt+RAoGAf6QHIz4d5ZdybqLK5cUL
hjRUH5kpwD1dw++E4N3W4JjVzETlE1OTI5wjk0gwc6jfeaSpOYFq6c1xAETSq6JR
6ihJb8PmMb59qRuzX+tP0S32/NqSsk5Svr7LtVvgTXxF1JT/sEMsHC7zlEjJGv1r
kfcen7pfuJzkSa1YSgG9nks=
-----END PRIVATE KEY-----
)";
constexpr const char* kEcCert = R"(-----BEGIN CERTIFICATE-----
MIIBgTCCASegAwIBAgIURG03Eu70xzDGvhRK559KpVq9KnswCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLbG9jYWxpYW0tZWMwHhcNMjYxMTI4MTEyMDI5WhcNMjYxMjI4
MTEyMDI5WjAWMRQwEgYDVQQDDAtsb2NhbGlhbS1lYzBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABFaZunGQMXKhWDqQ9pPnwV+P55oYVKmrVdgQv+zYUhEDaM9JQIJS
TXO1TBuB2EdEphqaEC48YBV5CTg/T0NT932jUzBRMB0GA1UdDgQWBBSJRitiANNe
tCs0nzUldJGp6Na6dTAfBgNVHSMEGDAWgBSJRitiANNetCs0nzUldJGp6Na6dTAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDAK69TBhjq8aedTATt
IflG5oZ17mbBWjZDUzTIopAsyQIgJkD5/fRKmQIFYKNTQzPN4t6TYtWtBEQsz+SE
d/OUAoQ=
-----END CERTIFICATE-----
)";
constexpr const char* kEcKey = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnfxBTny0Tg7O+w1p
y97/mxUf+lEGCVFQaruaWMK2YyKhRANCAARWmbpxkDFyoVg6kPaT58Ffj+eaGFSp
q1XYEL/s2FIRA2jPSUCCUk1ztUwbgdhHRKYamhAuPGAVeQk4P09DU/d9
-----END PRIVATE KEY-----
)";

}  // namespace

TEST_CASE("certificates parse with their dates and fingerprints", "[credentials][x509]") {
  auto rsa = parse_certificate(kCert1);
  REQUIRE(rsa);
  CHECK(rsa->not_before == 2111224829 - 3650 * 86400);
  CHECK(rsa->not_after == 2111224829);
  CHECK(rsa->fingerprint == "3bd3df43cf94834a1c36563d6538c9d44538e083ce4eeb68d2cf999c7ed5b44c");
  auto ec = parse_certificate(kEcCert);
  REQUIRE(ec);
  CHECK(ec->not_after == 1798456829);
  CHECK(ec->fingerprint == "2ab7a2564dab56c4ee23d5a0c1f68434167b079822e92b108f68c10db6f935a8");
}

TEST_CASE("malformed certificates and chains are refused", "[credentials][x509]") {
  std::string cert = kCert1;
  CHECK_FALSE(parse_certificate("not a certificate"));
  CHECK_FALSE(parse_certificate(kKey1));
  std::string broken = cert;
  broken.replace(100, 20, "AAAAAAAAAAAAAAAAAAAA");
  CHECK_FALSE(parse_certificate(broken));
  CHECK(is_certificate_chain(cert));
  CHECK(is_certificate_chain(cert + kEcCert));
  CHECK_FALSE(is_certificate_chain(cert + broken));
  CHECK_FALSE(is_certificate_chain("garbage"));
}

TEST_CASE("a private key matches only its own certificate", "[credentials][x509]") {
  CHECK(private_key_matches(kCert1, kKey1) == KeyMatch::kMatches);
  CHECK(private_key_matches(kCert1, kKey1Pkcs1) == KeyMatch::kMatches);
  CHECK(private_key_matches(kEcCert, kEcKey) == KeyMatch::kMatches);
  CHECK(private_key_matches(kCert1, kKey2) == KeyMatch::kMismatch);
  CHECK(private_key_matches(kCert1, kEcKey) == KeyMatch::kMismatch);
  CHECK(private_key_matches(kEcCert, kKey1) == KeyMatch::kMismatch);
  CHECK(private_key_matches(kCert1, "not a key") == KeyMatch::kUnreadableKey);
  CHECK(private_key_matches(kCert1, kCert1) == KeyMatch::kUnreadableKey);
}
