// Authenticator (auth/authenticator.hpp), table first: each row signs one request (access key,
// secret, session token, scope) and names what authentication must answer, the principal
// (kind, ARN, account) or AWS's exact error code, against a real Database on a SQLite file
// seeded with users, keys and STS sessions. Then the long-term key cache: a key deleted,
// deactivated or renamed after it was remembered is answered from the new rows, and a change
// that touches no remembered key leaves an early answer standing.
#include "auth/authenticator.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "auth/auth_mode.hpp"
#include "auth/service_context.hpp"
#include "common/clock.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"
#include "storage/credential_repository.hpp"
#include "storage/database.hpp"
#include "storage/identity_repository.hpp"
#include "tests/storage/temp_database_file.hpp"

using namespace localiam;
using api::AuthMode;
using api::Principal;
using api::PrincipalKind;

namespace {

constexpr const char* kAccount = "000000000000";
// Keys the seed holds.
constexpr const char* kAlice = "AKIAALICEACTIVE00001";
constexpr const char* kAliceSecret = "alice-secret";
constexpr const char* kInactive = "AKIAALICEINACTIVE001";
constexpr const char* kDeleted = "AKIAALICEDELETED0001";
constexpr const char* kRoleSession = "ASIAROLESESSION00001";
constexpr const char* kExpired = "ASIAEXPIRED000000001";
constexpr const char* kUserToken = "ASIAUSERTOKEN0000001";     // GetSessionToken, no MFA
constexpr const char* kRootMfaToken = "ASIAROOTMFA000000001";  // GetSessionToken with MFA
constexpr const char* kFederated = "ASIAFEDERATED0000001";
constexpr const char* kSessionSecret = "session-secret";

int64_t real_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One server's authentication: an Authenticator over a database file, seeded.
class Bench {
 public:
  explicit Bench(AuthMode mode)
      : file_("authenticator_test"),
        db_(file_.path),
        service_{config(mode), db_, clock_},
        auth_(service_) {
    auto lock = db_.lock();
    storage::Transaction tx(db_);
    alice_ = storage::UserRow{0, kAccount, "alice", "AIDAALICE", "/team/", 0};
    storage::UserRepository(db_).insert(alice_);
    storage::AccessKeyRepository keys(db_);
    keys.insert({kAlice, kAccount, alice_.row, "alice", kAliceSecret, "Active", 0});
    keys.insert({kInactive, kAccount, alice_.row, "alice", "inactive-secret", "Inactive", 0});
    keys.insert({kDeleted, kAccount, alice_.row, "alice", "deleted-secret", "Active", 0});
    keys.remove(kDeleted);
    const int64_t now = clock_.now_epoch_seconds();
    add_session(kRoleSession, "assumed-role", "arn:aws:sts::000000000000:assumed-role/r/s1",
                "AROAR:s1", "r", "s1", now + 3600, false);
    add_session(kExpired, "assumed-role", "arn:aws:sts::000000000000:assumed-role/r/old",
                "AROAR:old", "r", "old", now - 1, false);
    add_session(kUserToken, "user", "arn:aws:iam::000000000000:user/team/alice", "AIDAALICE",
                "alice", std::nullopt, now + 3600, false);
    add_session(kRootMfaToken, "root", "arn:aws:iam::000000000000:root", kAccount, std::nullopt,
                std::nullopt, now + 3600, true);
    add_session(kFederated, "federated-user", "arn:aws:sts::000000000000:federated-user/fed",
                "000000000000:fed", std::nullopt, "fed", now + 3600, false);
    tx.commit();
  }

  struct Signed {
    std::string key, secret, token;
    std::string scope_service = "sts";  // the service the credential scope names
    std::string region = "us-east-1";
    int64_t signed_ago = 0;  // seconds before now the client signed
  };

  // authenticate() under the lock, after checking that authenticate_early(), when it answers
  // and its answer still holds, answers the same.
  Result<Principal> authenticate(const Signed& s, const std::string& service) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.body = "Action=GetCallerIdentity&Version=2011-06-15";
    request.headers = {{"Host", "localhost"},
                       {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    sigv4::SigningParams p;
    p.access_key_id = s.key;
    p.secret_access_key = s.secret;
    p.session_token = s.token;
    p.region = s.region;
    p.service = s.scope_service;
    p.epoch_seconds = real_now() - s.signed_ago;
    sigv4::sign_request(request, p);
    const sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                                  request.body};
    Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
    REQUIRE(parsed.ok());
    std::optional<api::EarlyAuthentication> early =
        auth_.authenticate_early(view, *parsed, service);
    auto lock = db_.lock();
    Result<Principal> result = auth_.authenticate(view, *parsed, service);
    if (early && early->still_holds(db_)) {
      REQUIRE(early->result.ok() == result.ok());
      if (result.ok())
        CHECK(early->result.value().arn == result.value().arn);
      else
        CHECK(early->result.error().code == result.error().code);
    }
    return result;
  }

  std::optional<api::EarlyAuthentication> early(const Signed& s) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.body = "Action=GetCallerIdentity&Version=2011-06-15";
    request.headers = {{"Host", "localhost"}};
    sigv4::SigningParams p;
    p.access_key_id = s.key;
    p.secret_access_key = s.secret;
    p.service = "sts";
    p.epoch_seconds = real_now();
    sigv4::sign_request(request, p);
    const sigv4::RequestView view{request.method, request.path(), request.query(), &request.headers,
                                  request.body};
    Result<sigv4::ParsedAuth> parsed = sigv4::parse_authorization(view);
    REQUIRE(parsed.ok());
    return auth_.authenticate_early(view, *parsed, "sts");
  }

  storage::Database& db() { return db_; }
  storage::UserRow& alice() { return alice_; }

 private:
  static api::ServiceConfig config(AuthMode mode) {
    api::ServiceConfig c;
    c.auth_mode = mode;
    return c;
  }
  void add_session(const char* key, const char* kind, const char* arn, const char* principal_id,
                   std::optional<std::string> role_name, std::optional<std::string> session_name,
                   int64_t expiration, bool mfa) {
    storage::SessionRow r;
    r.access_key_id = key;
    r.account_id = kAccount;
    r.secret = kSessionSecret;
    r.session_token = std::string("token-") + key;
    r.kind = kind;
    r.arn = arn;
    r.principal_id = principal_id;
    r.role_name = std::move(role_name);
    r.session_name = std::move(session_name);
    r.source_arn = "arn:aws:iam::000000000000:root";
    r.expiration = expiration;
    r.mfa_authenticated = mfa;
    storage::SessionRepository(db_).insert(r);
  }

  testing::TempDatabaseFile file_;
  storage::Database db_;
  Clock clock_;
  api::ServiceContext service_;
  api::Authenticator auth_;
  storage::UserRow alice_;
};

std::string token_of(const char* key) { return std::string("token-") + key; }

// What authentication must answer: an error code, or (error "") the principal's kind and ARN.
struct Expect {
  const char* error;
  PrincipalKind kind;
  const char* arn;
};
Expect refused(const char* code) { return {code, PrincipalKind::kRoot, ""}; }
Expect principal(PrincipalKind kind, const char* arn) { return {"", kind, arn}; }

}  // namespace

TEST_CASE("authentication answers each kind of credential as AWS does", "[auth][authenticator]") {
  using Signed = Bench::Signed;
  struct Row {
    const char* name;
    AuthMode mode;
    Signed request;
    const char* service;  // the endpoint called: "iam" or "sts"
    Expect expect;
  };
  const std::string role_token = token_of(kRoleSession);
  // clang-format off
  const Row rows[] = {
      // The root key pair of the configuration.
      {"root key", AuthMode::kVerify, {"test", "test", ""}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws:iam::000000000000:root")},
      {"root key signed for a China region", AuthMode::kVerify,
       {"test", "test", "", "sts", "cn-north-1"}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws-cn:iam::000000000000:root")},
      {"root key, wrong secret", AuthMode::kVerify, {"test", "wrong", ""}, "sts",
       refused("SignatureDoesNotMatch")},
      {"root key, wrong secret, open mode", AuthMode::kOpen, {"test", "wrong", ""}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws:iam::000000000000:root")},
      {"root key with a session token", AuthMode::kVerify, {"test", "test", "stale"}, "sts",
       refused("InvalidClientTokenId")},
      {"root key signed an hour ago", AuthMode::kVerify,
       {"test", "test", "", "sts", "us-east-1", 3600}, "sts",
       refused("SignatureDoesNotMatch")},
      {"root key signed an hour ago, open mode", AuthMode::kOpen,
       {"test", "test", "", "sts", "us-east-1", 3600}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws:iam::000000000000:root")},
      {"root key scoped to another service", AuthMode::kVerify, {"test", "test", "", "iam"}, "sts",
       refused("SignatureDoesNotMatch")},

      // IAM users' long-term keys.
      {"user key", AuthMode::kVerify, {kAlice, kAliceSecret, ""}, "sts",
       principal(PrincipalKind::kUser, "arn:aws:iam::000000000000:user/team/alice")},
      {"user key calling iam", AuthMode::kEnforce, {kAlice, kAliceSecret, "", "iam"}, "iam",
       principal(PrincipalKind::kUser, "arn:aws:iam::000000000000:user/team/alice")},
      {"user key signed for a GovCloud region", AuthMode::kVerify,
       {kAlice, kAliceSecret, "", "sts", "us-gov-west-1"}, "sts",
       principal(PrincipalKind::kUser, "arn:aws-us-gov:iam::000000000000:user/team/alice")},
      {"user key, wrong secret", AuthMode::kVerify, {kAlice, "wrong", ""}, "sts",
       refused("SignatureDoesNotMatch")},
      {"user key, wrong secret, open mode", AuthMode::kOpen, {kAlice, "wrong", ""}, "sts",
       refused("SignatureDoesNotMatch")},
      {"user key with a session token", AuthMode::kVerify, {kAlice, kAliceSecret, "stale"}, "sts",
       refused("InvalidClientTokenId")},
      {"inactive key", AuthMode::kVerify, {kInactive, "inactive-secret", ""}, "sts",
       refused("InvalidClientTokenId")},
      {"inactive key, open mode", AuthMode::kOpen, {kInactive, "inactive-secret", ""}, "sts",
       refused("InvalidClientTokenId")},

      // Keys nobody issued, and keys issued and deleted since.
      {"unknown key", AuthMode::kVerify, {"AKIANOBODYISSUED0001", "x", ""}, "sts",
       refused("InvalidClientTokenId")},
      {"unknown key, enforce mode", AuthMode::kEnforce, {"AKIANOBODYISSUED0001", "x", ""}, "sts",
       refused("InvalidClientTokenId")},
      {"unknown key, open mode: the default account's root", AuthMode::kOpen,
       {"AKIANOBODYISSUED0001", "x", ""}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws:iam::000000000000:root")},
      {"12-digit key, open mode: that account's root", AuthMode::kOpen,
       {"123456789012", "x", ""}, "sts",
       principal(PrincipalKind::kRoot, "arn:aws:iam::123456789012:root")},
      {"deleted key", AuthMode::kVerify, {kDeleted, "deleted-secret", ""}, "sts",
       refused("InvalidClientTokenId")},
      {"deleted key, open mode (retired, not a root)", AuthMode::kOpen,
       {kDeleted, "deleted-secret", ""}, "sts",
       refused("InvalidClientTokenId")},

      // Temporary credentials issued by STS.
      {"role session", AuthMode::kVerify, {kRoleSession, kSessionSecret, role_token}, "sts",
       principal(PrincipalKind::kAssumedRole, "arn:aws:sts::000000000000:assumed-role/r/s1")},
      {"role session calling iam", AuthMode::kVerify,
       {kRoleSession, kSessionSecret, role_token, "iam"}, "iam",
       principal(PrincipalKind::kAssumedRole, "arn:aws:sts::000000000000:assumed-role/r/s1")},
      {"role session, open mode", AuthMode::kOpen,
       {kRoleSession, kSessionSecret, role_token}, "sts",
       principal(PrincipalKind::kAssumedRole, "arn:aws:sts::000000000000:assumed-role/r/s1")},
      {"role session without its token", AuthMode::kVerify,
       {kRoleSession, kSessionSecret, ""}, "sts",
       refused("InvalidClientTokenId")},
      {"role session with another session's token", AuthMode::kVerify,
       {kRoleSession, kSessionSecret, token_of(kExpired)}, "sts",
       refused("InvalidClientTokenId")},
      {"role session, wrong secret", AuthMode::kVerify, {kRoleSession, "wrong", role_token}, "sts",
       refused("SignatureDoesNotMatch")},
      {"expired session", AuthMode::kVerify, {kExpired, kSessionSecret, token_of(kExpired)}, "sts",
       refused("ExpiredToken")},
      {"expired session, open mode", AuthMode::kOpen,
       {kExpired, kSessionSecret, token_of(kExpired)}, "sts",
       refused("ExpiredToken")},
      {"session token of a user", AuthMode::kVerify,
       {kUserToken, kSessionSecret, token_of(kUserToken)}, "sts",
       principal(PrincipalKind::kUser, "arn:aws:iam::000000000000:user/team/alice")},
      {"session token without MFA calling iam", AuthMode::kVerify,
       {kUserToken, kSessionSecret, token_of(kUserToken), "iam"}, "iam",
       refused("InvalidClientTokenId")},
      {"session token with MFA calling iam", AuthMode::kVerify,
       {kRootMfaToken, kSessionSecret, token_of(kRootMfaToken), "iam"}, "iam",
       principal(PrincipalKind::kRoot, "arn:aws:iam::000000000000:root")},
      {"federated user", AuthMode::kVerify,
       {kFederated, kSessionSecret, token_of(kFederated)}, "sts",
       principal(PrincipalKind::kFederatedUser, "arn:aws:sts::000000000000:federated-user/fed")},
      {"federated user calling iam", AuthMode::kVerify,
       {kFederated, kSessionSecret, token_of(kFederated), "iam"}, "iam",
       refused("InvalidClientTokenId")},
      {"unknown session key", AuthMode::kVerify, {"ASIANOBODYISSUED0001", "x", "t"}, "sts",
       refused("InvalidClientTokenId")},
  };
  // clang-format on
  for (const Row& row : rows) {
    INFO(row.name);
    Bench bench(row.mode);
    Result<Principal> got = bench.authenticate(row.request, row.service);
    if (*row.expect.error) {
      REQUIRE_FALSE(got.ok());
      CHECK(got.error().code == row.expect.error);
      CHECK(got.error().http_status == 403);
      continue;
    }
    if (!got.ok()) FAIL(got.error().code + ": " + got.error().message);
    CHECK(got.value().kind == row.expect.kind);
    CHECK(got.value().arn == row.expect.arn);
    CHECK(got.value().access_key_id == row.request.key);
    CHECK(got.value().temporary == row.request.key.starts_with("ASIA"));
  }
}

TEST_CASE("AWS's words for refused credentials", "[auth][authenticator]") {
  Bench bench(AuthMode::kVerify);
  Result<Principal> unknown = bench.authenticate({"AKIANOBODYISSUED0001", "x", ""}, "sts");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "The security token included in the request is invalid.");
  Result<Principal> expired =
      bench.authenticate({kExpired, kSessionSecret, token_of(kExpired)}, "sts");
  REQUIRE_FALSE(expired.ok());
  CHECK(expired.error().message == "The security token included in the request is expired");
  Result<Principal> bad_token = bench.authenticate({kRoleSession, kSessionSecret, "x"}, "sts");
  REQUIRE_FALSE(bad_token.ok());
  CHECK(bad_token.error().message == "The security token included in the request is invalid");
}

TEST_CASE("a remembered key follows changes to its rows", "[auth][authenticator]") {
  Bench bench(AuthMode::kVerify);
  const Bench::Signed alice{kAlice, kAliceSecret, ""};
  REQUIRE(bench.authenticate(alice, "sts").ok());
  // Remembered now: answered before the lock, and the answer holds.
  std::optional<api::EarlyAuthentication> early = bench.early(alice);
  REQUIRE(early);
  REQUIRE(early->result.ok());
  {
    auto lock = bench.db().lock();
    CHECK(early->still_holds(bench.db()));
  }

  SECTION("a new user and a new key leave it standing") {
    auto lock = bench.db().lock();
    storage::UserRow bob{0, kAccount, "bob", "AIDABOB", "/", 0};
    storage::UserRepository(bench.db()).insert(bob);
    storage::AccessKeyRepository(bench.db())
        .insert({"AKIABOB0000000000001", kAccount, bob.row, "bob", "s", "Active", 0});
    CHECK(early->still_holds(bench.db()));
  }

  SECTION("a deleted key is refused by the next authentication") {
    {
      auto lock = bench.db().lock();
      storage::AccessKeyRepository(bench.db()).remove(kAlice);
      CHECK_FALSE(early->still_holds(bench.db()));
    }
    CHECK_FALSE(bench.early(alice));  // not remembered any more
    Result<Principal> after = bench.authenticate(alice, "sts");
    REQUIRE_FALSE(after.ok());
    CHECK(after.error().code == "InvalidClientTokenId");
  }

  SECTION("a deactivated key is refused, then accepted again once active") {
    {
      auto lock = bench.db().lock();
      storage::AccessKeyRepository(bench.db()).set_status(kAlice, "Inactive");
    }
    Result<Principal> inactive = bench.authenticate(alice, "sts");
    REQUIRE_FALSE(inactive.ok());
    CHECK(inactive.error().code == "InvalidClientTokenId");
    {
      auto lock = bench.db().lock();
      storage::AccessKeyRepository(bench.db()).set_status(kAlice, "Active");
    }
    CHECK(bench.authenticate(alice, "sts").ok());
  }

  SECTION("a renamed user is named by the next authentication") {
    {
      auto lock = bench.db().lock();
      bench.alice().name = "alicia";
      bench.alice().path = "/";
      storage::UserRepository(bench.db()).update(bench.alice());
    }
    Result<Principal> renamed = bench.authenticate(alice, "sts");
    REQUIRE(renamed.ok());
    CHECK(renamed.value().arn == "arn:aws:iam::000000000000:user/alicia");
    CHECK(renamed.value().name == "alicia");
  }

  SECTION("a deletion rolled back leaves the key usable") {
    {
      auto lock = bench.db().lock();
      storage::Savepoint undone(bench.db());
      storage::AccessKeyRepository(bench.db()).remove(kAlice);
    }
    CHECK(bench.authenticate(alice, "sts").ok());
  }
}
