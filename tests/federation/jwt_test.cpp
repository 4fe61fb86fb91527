#include "federation/jwt.hpp"

#include <catch2/catch.hpp>

#include "federation/base64.hpp"
#include "federation/rsa_key.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/evaluator.hpp"

using namespace localiam;
using namespace localiam::federation;

TEST_CASE("base64 in both alphabets", "[federation]") {
  struct Case {
    std::string bytes, standard, url;
  };
  const Case cases[] = {
      {"", "", ""},
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"\xfb\xff\xfe", "+//+", "-__-"},
  };
  for (const auto& c : cases) {
    CHECK(base64_encode(c.bytes) == c.standard);
    CHECK(base64url_encode(c.bytes) == c.url);
    CHECK(base64_decode(c.standard) == c.bytes);
    CHECK(base64url_decode(c.url) == c.bytes);
  }
  CHECK(base64_decode("Zm9v\n Zm8=") == std::string("foofo"));
  CHECK_FALSE(base64_decode("Zm9v!"));
  CHECK_FALSE(base64_decode("Z"));
  CHECK_FALSE(base64_decode("Zg==Zg"));
  CHECK_FALSE(base64url_decode("+//+"));
}

TEST_CASE("RS256 JWTs: signed, parsed, verified; tampering is caught", "[federation]") {
  RsaKey key = RsaKey::generate(2048);
  const std::string token =
      sign_jwt(R"({"iss":"http://x/_localiam/oidc","sub":"me","aud":["a","b"],"exp":1700000000.5})",
               key, key.thumbprint());
  auto jwt = parse_jwt(token);
  REQUIRE(jwt);
  CHECK(jwt->alg() == "RS256");
  CHECK(jwt->kid() == key.thumbprint());
  CHECK(jwt->string_claim("sub") == std::string("me"));
  CHECK_FALSE(jwt->string_claim("exp"));
  CHECK(jwt->time_claim("exp") == int64_t{1700000000});
  CHECK(jwt->audiences() == std::vector<std::string>{"a", "b"});
  CHECK(key.verify(jwt->signing_input, jwt->signature));
  CHECK_FALSE(key.verify(jwt->signing_input + "x", jwt->signature));
  CHECK_FALSE(RsaKey::generate(2048).verify(jwt->signing_input, jwt->signature));

  // The public JWK alone verifies, and a PEM round trip keeps the key.
  auto pem_key = RsaKey::from_private_pem(key.private_pem());
  REQUIRE(pem_key);
  CHECK(pem_key->thumbprint() == key.thumbprint());
  CHECK(pem_key->verify(jwt->signing_input, jwt->signature));

  for (const char* bad : {"", "a.b", "a.b.c.d", "e30.e30", "bm90IGpzb24.e30.", "e30.W10.x"})
    CHECK_FALSE(parse_jwt(bad));
  CHECK(parse_jwt("e30.e30."));  // {} . {} . no signature: parses, never verifies
}

TEST_CASE("JWK modulus and exponent rebuild the public key", "[federation]") {
  RsaKey key = RsaKey::generate(2048);
  const std::string jwk = key.public_jwk_json();
  auto field = [&](const std::string& name) {
    size_t at = jwk.find("\"" + name + "\":\"") + name.size() + 4;
    return jwk.substr(at, jwk.find('"', at) - at);
  };
  auto rebuilt = RsaKey::from_jwk(field("n"), field("e"));
  REQUIRE(rebuilt);
  CHECK_FALSE(rebuilt->has_private());
  CHECK(rebuilt->thumbprint() == key.thumbprint());
  CHECK(field("kid") == key.thumbprint());
  CHECK(rebuilt->verify("data", key.sign("data")));
  CHECK(rebuilt->sign("data").empty());
  CHECK_FALSE(RsaKey::from_jwk("!!", "AQAB"));
}

TEST_CASE("a trust policy's Federated principal and claim conditions", "[federation]") {
  // The evaluation AssumeRoleWithWebIdentity runs in enforce mode (sts/sts_federation.cpp).
  const std::string provider = "arn:aws:iam::000000000000:oidc-provider/idp.example.com";
  auto trust = policy::compile_policy(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":")" +
          provider +
          R"("},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"idp.example.com:sub":"repo:o/*"}}}]})",
      policy::PolicyKind::kTrust);
  REQUIRE(trust);
  policy::PolicyInput input{&*trust, "trust", policy::SourceType::kResource};
  auto decide = [&](const std::string& federated, const std::string& sub) {
    policy::RequestPrincipal principal;
    principal.arn = federated;
    principal.account = "000000000000";
    principal.federated = federated;
    policy::ContextKeys keys;
    keys.set("idp.example.com:sub", sub);
    policy::EvaluationInput ev;
    ev.resource = &input;
    ev.resource_account = "000000000000";
    policy::AuthzRequest request{"sts:AssumeRoleWithWebIdentity",
                                 "arn:aws:iam::000000000000:role/r", &principal, &keys};
    return policy::evaluate(ev, request).decision;
  };
  CHECK(decide(provider, "repo:o/app") == policy::Decision::kAllowed);
  CHECK(decide(provider, "repo:x/app") == policy::Decision::kImplicitDeny);
  CHECK(decide(provider + "x", "repo:o/app") == policy::Decision::kImplicitDeny);
}
