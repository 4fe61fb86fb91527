#include <catch2/catch.hpp>

#include "storage/credential_repository.hpp"
#include "storage/database.hpp"

using namespace localiam::storage;

TEST_CASE("a session keeps its tags, policy ARNs, source identity and MFA flag", "[storage]") {
  Database db(":memory:");
  auto lock = db.lock();
  SessionRepository sessions(db);
  SessionRow s;
  s.access_key_id = "ASIAEXAMPLE00000001";
  s.account_id = "000000000000";
  s.secret = "secret";
  s.session_token = "token";
  s.kind = "assumed-role";
  s.arn = "arn:aws:sts::000000000000:assumed-role/r/s";
  s.principal_id = "AROAEXAMPLE:s";
  s.source_arn = "arn:aws:iam::000000000000:user/u";
  s.expiration = 100;
  s.tags = {{"team", "blue \"quoted\""}, {"équipe", ""}};
  s.transitive_tag_keys = {"team"};
  s.policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
  s.source_identity = "someone";
  s.mfa_authenticated = true;
  sessions.insert(s);

  auto got = sessions.find("ASIAEXAMPLE00000001");
  REQUIRE(got.has_value());
  REQUIRE(got->tags.size() == 2);
  CHECK(got->tags[0].key == "team");
  CHECK(got->tags[0].value == "blue \"quoted\"");
  CHECK(got->tags[1].key == "équipe");
  CHECK(got->tags[1].value == "");
  CHECK(got->transitive_tag_keys == std::vector<std::string>{"team"});
  CHECK(got->policy_arns == std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
  CHECK(got->source_identity == "someone");
  CHECK(got->mfa_authenticated);

  SessionRow plain = s;
  plain.access_key_id = "ASIAEXAMPLE00000002";
  plain.tags.clear();
  plain.transitive_tag_keys.clear();
  plain.policy_arns.clear();
  plain.source_identity.reset();
  plain.mfa_authenticated = false;
  sessions.insert(plain);
  auto empty = sessions.find("ASIAEXAMPLE00000002");
  REQUIRE(empty.has_value());
  CHECK(empty->tags.empty());
  CHECK(empty->policy_arns.empty());
  CHECK_FALSE(empty->source_identity.has_value());
  CHECK_FALSE(empty->mfa_authenticated);
}
