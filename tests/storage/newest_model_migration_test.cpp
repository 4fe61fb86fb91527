// The migration for the newest AWS model's operations, on a database file written before it:
// OIDC/SAML providers and STS sessions keep their rows and gain empty trusted identity
// propagation settings and scope-down policies, and account properties start empty; all three
// round-trip through their repositories afterwards.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>

#include "storage/account_property_repository.hpp"
#include "storage/credential_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_provider_repository.hpp"
#include "storage/schema.hpp"
#include "tests/storage/migration_support.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam::storage;
using localiam::testing::migration_containing;
using localiam::testing::run;
using localiam::testing::TempDatabaseFile;

TEST_CASE("the newest-model migration keeps providers and sessions and adds their settings",
          "[storage]") {
  const size_t before = migration_containing("CREATE TABLE account_properties");
  TempDatabaseFile file("newest_model_migration");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.path.c_str(), &db) == SQLITE_OK);
    run(db, "CREATE TABLE schema_version (version INTEGER NOT NULL)");
    auto migrations = schema_migrations();
    for (size_t i = 0; i < before; ++i) run(db, migrations[i]);
    run(db, "INSERT INTO schema_version VALUES (" + std::to_string(before) + ")");
    run(db, R"sql(
INSERT INTO oidc_providers (account_id, url, arn, client_ids, thumbprints, create_date)
  VALUES ('111122223333', 'https://idp.example.com',
          'arn:aws:iam::111122223333:oidc-provider/idp.example.com', '["app"]', '[]', 5);
INSERT INTO saml_providers (account_id, name, arn, uuid, metadata, valid_until, create_date)
  VALUES ('111122223333', 'okta', 'arn:aws:iam::111122223333:saml-provider/okta', 'U', '<m/>',
          9, 5);
INSERT INTO sessions (access_key_id, account_id, secret, session_token, kind, arn, principal_id,
                      source_arn, create_date, expiration)
  VALUES ('ASIAOLD0000000000000', '111122223333', 's', 't', 'assumed-role',
          'arn:aws:sts::111122223333:assumed-role/r/s', 'AROAR:s', 'arn:aws:iam::111122223333:root',
          1, 4000000000);
)sql");
    sqlite3_close(db);
  }

  Database db(file.path);
  OidcProviderRepository providers(db);
  auto provider = providers.find("arn:aws:iam::111122223333:oidc-provider/idp.example.com");
  REQUIRE(provider);
  CHECK(provider->client_ids == std::vector<std::string>{"app"});
  CHECK_FALSE(provider->context_provider);
  CHECK_FALSE(provider->identity_center_instance_arn);
  provider->context_provider = R"({"SubjectSourceKey":"sub","KeyDefinitionList":[]})";
  provider->identity_center_instance_arn = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  providers.update_configuration(*provider);
  auto updated = providers.find(provider->arn);
  REQUIRE(updated);
  CHECK(updated->context_provider == provider->context_provider);
  CHECK(updated->identity_center_instance_arn == provider->identity_center_instance_arn);

  SamlProviderRepository saml(db);
  auto okta = saml.find("arn:aws:iam::111122223333:saml-provider/okta");
  REQUIRE(okta);
  CHECK(okta->metadata == "<m/>");
  CHECK_FALSE(okta->context_provider);
  okta->context_provider = R"({"SubjectSourceKey":"NameID","KeyDefinitionList":[]})";
  saml.update(*okta);
  CHECK(saml.find(okta->arn)->context_provider == okta->context_provider);
  CHECK_FALSE(saml.find(okta->arn)->identity_center_instance_arn);

  SessionRepository sessions(db);
  auto old = sessions.find("ASIAOLD0000000000000");
  REQUIRE(old);
  CHECK(old->scope_policies.empty());
  SessionRow scoped = *old;
  scoped.access_key_id = "ASIASCOPED0000000000";
  scoped.scope_policies = {"{\"Version\":\"2012-10-17\"}", "{}"};
  sessions.insert(scoped);
  auto read = sessions.find("ASIASCOPED0000000000");
  REQUIRE(read);
  CHECK(read->scope_policies == scoped.scope_policies);

  AccountPropertyRepository properties(db);
  CHECK(properties.list("111122223333").empty());
  properties.put("111122223333", "RoleManager/Enabled", "true");
  properties.put("111122223333", "RoleManager/Enabled", "false");
  properties.put("444455556666", "RoleManager/Enabled", "true");
  using Entries = std::vector<std::pair<std::string, std::string>>;
  CHECK(properties.list("111122223333") == Entries{{"RoleManager/Enabled", "false"}});
}
