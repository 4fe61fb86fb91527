// Account-level storage: the account alias, the credential report and its per-user facts,
// service access records and report jobs, and the usage counts of GetAccountSummary.
#include <catch2/catch.hpp>

#include "storage/access_advisor_repository.hpp"
#include "storage/account_alias_repository.hpp"
#include "storage/account_partition_repository.hpp"
#include "storage/account_usage.hpp"
#include "storage/credential_report_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "storage/policy_repository.hpp"
#include "storage/state_snapshot.hpp"

using namespace localiam::storage;

namespace {

constexpr const char* kAccount = "000000000000";
constexpr const char* kOther = "111111111111";

UserRow make_user(const char* account, const char* name, const char* id, const char* path,
                  int64_t created) {
  UserRow u;
  u.account_id = account;
  u.name = name;
  u.user_id = id;
  u.path = path;
  u.create_date = created;
  return u;
}

GroupRow make_group(const char* account, const char* name, const char* id) {
  GroupRow g;
  g.account_id = account;
  g.name = name;
  g.group_id = id;
  g.path = "/";
  g.create_date = 1;
  return g;
}

}  // namespace

TEST_CASE("an account has one alias, held by one account", "[storage][account]") {
  Database db(":memory:");
  auto lock = db.lock();
  AccountAliasRepository aliases(db);
  CHECK_FALSE(aliases.find(kAccount));
  aliases.set(kAccount, "first");
  aliases.set(kAccount, "second");  // replaces
  CHECK(aliases.find(kAccount) == "second");
  CHECK_FALSE(aliases.owner("first"));
  CHECK(aliases.owner("second") == kAccount);
  CHECK_FALSE(aliases.find(kOther));
  aliases.remove(kAccount);
  CHECK_FALSE(aliases.find(kAccount));
  CHECK_FALSE(aliases.owner("second"));
}

TEST_CASE("credential reports and the facts they are made of", "[storage][account]") {
  Database db(":memory:");
  auto lock = db.lock();
  CredentialReportRepository reports(db);
  CHECK_FALSE(reports.find(kAccount));
  reports.put(kAccount, {100, "a"});
  reports.put(kAccount, {200, "b"});
  auto got = reports.find(kAccount);
  REQUIRE(got);
  CHECK(got->generated == 200);
  CHECK(got->content == "b");
  CHECK_FALSE(reports.find(kOther));

  UserRepository users(db);
  UserRow bob = make_user(kAccount, "bob", "AIDABOB", "/", 10);
  UserRow amy = make_user(kAccount, "amy", "AIDAAMY", "/x/", 20);
  users.insert(bob);
  users.insert(amy);
  db.prepare(
        "INSERT INTO access_keys (access_key_id, account_id, user_row, secret, status, "
        "create_date, last_used_date, last_used_region, last_used_service) VALUES "
        "('AKIA2', ?, ?, 's', 'Inactive', 50, NULL, NULL, NULL), "
        "('AKIA1', ?, ?, 's', 'Active', 40, 45, 'eu-west-1', 'iam')")
      .bind(1, kAccount)
      .bind(2, bob.row)
      .bind(3, kAccount)
      .bind(4, bob.row)
      .run();
  auto facts = reports.user_facts(kAccount);
  REQUIRE(facts.size() == 2);
  CHECK(facts[0].user.name == "amy");
  CHECK(facts[0].access_keys.empty());
  const auto& keys = facts[1].access_keys;
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].active);  // oldest first
  CHECK(keys[0].created == 40);
  CHECK(keys[0].last_used == 45);
  CHECK(keys[0].last_used_region == "eu-west-1");
  CHECK(keys[0].last_used_service == "iam");
  CHECK_FALSE(keys[1].active);
  CHECK_FALSE(keys[1].last_used);
  CHECK_FALSE(facts[1].mfa_active);
}

TEST_CASE("service access records move forward; jobs are kept by id", "[storage][account]") {
  Database db(":memory:");
  auto lock = db.lock();
  AccessAdvisorRepository repo(db);
  CHECK_FALSE(repo.last_recorded("AIDA1", "iam", "GetUser"));
  repo.record({kAccount, "AIDA1", "iam", "GetUser", "us-east-1", 10});
  repo.record({kAccount, "AIDA1", "iam", "GetUser", "eu-west-1", 20});
  repo.record({kAccount, "AIDA1", "sts", "GetCallerIdentity", "us-east-1", 15});
  CHECK(repo.last_recorded("AIDA1", "iam", "GetUser") == 20);
  auto rows = repo.for_entity("AIDA1");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].service == "iam");
  CHECK(rows[0].region == "eu-west-1");
  CHECK(rows[1].service == "sts");
  CHECK(repo.for_entity("AIDA2").empty());

  repo.add_job({"job-1", kAccount, "arn:aws:iam::000000000000:user/a", "SERVICE_LEVEL", 30});
  auto job = repo.job("job-1");
  REQUIRE(job);
  CHECK(job->entity_arn == "arn:aws:iam::000000000000:user/a");
  CHECK(job->create_date == 30);
  CHECK_FALSE(repo.job("job-2"));
}

TEST_CASE("account usage counts each account's entities", "[storage][account]") {
  Database db(":memory:");
  auto lock = db.lock();
  UserRepository users(db);
  UserRow u = make_user(kAccount, "u", "AIDAU", "/", 1);
  UserRow other = make_user(kOther, "u", "AIDAO", "/", 1);
  users.insert(u);
  users.insert(other);
  GroupRepository groups(db);
  GroupRow g = make_group(kAccount, "g", "AGPAG");
  groups.insert(g);
  PolicyRepository policies(db);
  policies.attach(AttachmentTarget::kUser, kAccount, u.row,
                  "arn:aws:iam::aws:policy/ReadOnlyAccess");
  policies.attach(AttachmentTarget::kGroup, kAccount, g.row,
                  "arn:aws:iam::aws:policy/ReadOnlyAccess");
  const AccountUsage usage = count_account_usage(db, kAccount);
  CHECK(usage.users == 1);
  CHECK(usage.groups == 1);
  CHECK(usage.roles == 0);
  CHECK(usage.policy_versions_in_use == 2);
  CHECK(usage.global_endpoint_token_version == 1);
  CHECK(count_account_usage(db, kOther).users == 1);
  CHECK(count_account_usage(db, kOther).policy_versions_in_use == 0);
}

TEST_CASE("quota counts follow inserts, deletes, clear and state import", "[storage][account]") {
  Database db(":memory:");
  auto lock = db.lock();
  UserRepository users(db);
  GroupRepository groups(db);
  UserRow a = make_user(kAccount, "a", "AIDAA", "/", 1);
  UserRow b = make_user(kAccount, "b", "AIDAB", "/", 1);
  UserRow other = make_user(kOther, "a", "AIDAO", "/", 1);
  users.insert(a);
  users.insert(b);
  users.insert(other);
  GroupRow g = make_group(kAccount, "g", "AGPAG");
  groups.insert(g);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kUsers) == 2);
  CHECK(count_account_entities(db, kOther, CountedEntity::kUsers) == 1);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kGroups) == 1);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kRoles) == 0);

  users.remove(a.row);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kUsers) == 1);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kUsers) ==
        count_account_usage(db, kAccount).users);

  // The counts are derived: an export leaves them out, and an import rebuilds them.
  const std::string state = export_state(db);
  CHECK(state.find("entity_counts") == std::string::npos);
  db.clear_all();
  CHECK(count_account_entities(db, kAccount, CountedEntity::kUsers) == 0);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kGroups) == 0);
  CHECK(import_state(db, state).empty());
  CHECK(count_account_entities(db, kAccount, CountedEntity::kUsers) == 1);
  CHECK(count_account_entities(db, kOther, CountedEntity::kUsers) == 1);
  CHECK(count_account_entities(db, kAccount, CountedEntity::kGroups) == 1);
}

TEST_CASE("an account's partition is fixed once, exported, and cleared by a reset", "[storage]") {
  Database db(":memory:");
  AccountPartitionRepository partitions(db);
  CHECK_FALSE(partitions.find(kAccount));
  partitions.fix(kAccount, "aws-cn");
  partitions.fix(kAccount, "aws");  // no-op: the first one holds
  CHECK(partitions.find(kAccount) == "aws-cn");
  CHECK_FALSE(partitions.find(kOther));

  const std::string state = export_state(db);
  db.clear_all();
  CHECK_FALSE(partitions.find(kAccount));
  CHECK(import_state(db, state).empty());
  CHECK(partitions.find(kAccount) == "aws-cn");
}
