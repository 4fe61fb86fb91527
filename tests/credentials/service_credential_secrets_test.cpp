// Generated secrets of service-specific credentials: passwords (Base64 of 32 random bytes)
// and API keys that carry their alias.
#include "credentials/service_credential_secrets.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "credentials/base32.hpp"

using namespace localiam::credentials;

TEST_CASE("service credential passwords are 32 random bytes in Base64",
          "[credentials][service_credentials]") {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string password = make_service_password();
    CHECK(password.size() == 44);
    auto bytes = base64_decode(password);
    REQUIRE(bytes);
    CHECK(bytes->size() == 32);
    seen.insert(password);
  }
  CHECK(seen.size() == 20);
}

TEST_CASE("service API keys carry their alias", "[credentials][service_credentials]") {
  const std::string alias = "alice-at-123456789012";
  const std::string key = make_service_api_key(alias);
  REQUIRE(key.rfind("ABSK", 0) == 0);
  auto decoded = base64_decode(key.substr(4));
  REQUIRE(decoded);
  REQUIRE(decoded->rfind(alias + ":", 0) == 0);
  CHECK(decoded->size() > alias.size() + 30);
  CHECK(make_service_api_key(alias) != key);
}
