// AuthMode (auth/auth_mode.hpp): each mode's answers, the names it parses, and, through the
// Dispatcher on an in-memory database, what each mode does with an unknown key, a bad root
// signature, a user without policies and the root assuming a role, and what the request
// record (the access log line) says about the authorisation decision.
#include "auth/auth_mode.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "api/dispatcher.hpp"
#include "api/request_record.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"
#include "tests/api/query_request.hpp"

using namespace localiam;
using api::AuthMode;

TEST_CASE("each auth mode answers its questions from its row", "[api][auth_mode]") {
  struct Expected {
    AuthMode mode;
    const char* name;
    bool unknown_keys, root_key, saml, skew, policies, refuse, root_assumes;
  };
  // clang-format off
  const Expected table[] = {
      // mode               name       unknown root   saml   skew   policy refuse root assumes
      {AuthMode::kOpen,    "open",    false,  false, false, false, false, false, true},
      {AuthMode::kVerify,  "verify",  true,   true,  true,  true,  false, false, false},
      {AuthMode::kEnforce, "enforce", true,   true,  true,  true,  true,  true,  false},
      {AuthMode::kAudit,   "audit",   true,   true,  true,  true,  true,  false, false},
  };
  // clang-format on
  STATIC_REQUIRE(AuthMode::kRows.size() == std::size(table));
  for (const Expected& e : table) {
    INFO(e.name);
    CHECK(std::string(e.mode.name()) == e.name);
    CHECK(AuthMode::parse(e.name) == e.mode);
    CHECK(e.mode.refuses_unknown_keys() == e.unknown_keys);
    CHECK(e.mode.verifies_root_key() == e.root_key);
    CHECK(e.mode.verifies_saml_signatures() == e.saml);
    CHECK(e.mode.checks_clock_skew() == e.skew);
    CHECK(e.mode.evaluates_policies() == e.policies);
    CHECK(e.mode.refuses_on_deny() == e.refuse);
    CHECK(e.mode.root_may_assume_roles() == e.root_assumes);
  }
  CHECK(AuthMode() == AuthMode::kOpen);
  CHECK(AuthMode::kAudit != AuthMode::kEnforce);
}

TEST_CASE("auth mode names parse exactly and are listed for errors", "[api][auth_mode]") {
  for (const char* bad : {"", "Audit", "ENFORCE", "enforce ", "audits", "none", "off"}) {
    INFO(bad);
    CHECK_FALSE(AuthMode::parse(bad).has_value());
  }
  CHECK(AuthMode::names() == "open, verify, enforce or audit");
}

namespace {

struct Creds {
  std::string key, secret;
};
const Creds kRoot{"test", "test"};

struct Outcome {
  int status = 0;
  std::string body;
  api::RequestRecord record;
  bool has(const std::string& text) const { return body.find(text) != std::string::npos; }
};

// One server (Dispatcher over an in-memory database) in the given mode.
class Server {
 public:
  explicit Server(AuthMode mode)
      : db_(":memory:"), service_{config(mode), db_, clock_}, dispatcher_(service_) {}

  Outcome call(const Creds& creds, const std::string& service, const std::string& action,
               const std::multimap<std::string, std::string>& params = {}) {
    HttpRequest request =
        testing::query_request(creds.key, creds.secret, "", service, action, params);
    Outcome out;
    HttpResponse response = dispatcher_.handle(request, &out.record);
    out.status = response.status;
    out.body = response.body;
    return out;
  }

  Creds user(const std::string& name) {
    REQUIRE(call(kRoot, "iam", "CreateUser", {{"UserName", name}}).status == 200);
    Outcome key = call(kRoot, "iam", "CreateAccessKey", {{"UserName", name}});
    REQUIRE(key.status == 200);
    return {text_of(key.body, "AccessKeyId"), text_of(key.body, "SecretAccessKey")};
  }

 private:
  static std::string text_of(const std::string& body, const std::string& name) {
    size_t start = body.find("<" + name + ">");
    REQUIRE(start != std::string::npos);
    start += name.size() + 2;
    return body.substr(start, body.find("</" + name + ">", start) - start);
  }
  static api::ServiceConfig config(AuthMode mode) {
    api::ServiceConfig c;
    c.auth_mode = mode;
    return c;
  }
  Clock clock_;
  storage::Database db_;
  api::ServiceContext service_;
  api::Dispatcher dispatcher_;
};

}  // namespace

TEST_CASE("each auth mode authenticates and authorises as its row says", "[api][auth_mode]") {
  constexpr const char* kTrustsNobody =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]})";
  struct Expected {
    AuthMode mode;
    int unknown_key;      // status of GetCallerIdentity with a key nobody issued
    int bad_root_secret;  // status of GetCallerIdentity with the root key and a wrong secret
    int create_user;      // status of CreateUser by a user without policies
    const char* logged;   // start of that CreateUser's record.authorization ("" = none)
    int assume_role;  // status of AssumeRole by that user, the trust policy naming another account
    const char* trust_logged;
  };
  // clang-format off
  const Expected table[] = {
      {AuthMode::kOpen,    200, 200, 200, "",                          200, ""},
      {AuthMode::kVerify,  403, 403, 200, "",                          200, ""},
      {AuthMode::kEnforce, 403, 403, 403, "implicitDeny: because no",  403, "implicitDeny: "},
      {AuthMode::kAudit,   403, 403, 200, "would deny: implicitDeny: because no", 200,
       "would deny: implicitDeny: "},
  };
  // clang-format on
  for (const Expected& e : table) {
    INFO(e.mode.name());
    Server s(e.mode);
    Outcome unknown = s.call({"AKIAUNKNOWNUNKNOWN00", "x"}, "sts", "GetCallerIdentity");
    CHECK(unknown.status == e.unknown_key);
    if (e.unknown_key == 403) CHECK(unknown.has("<Code>InvalidClientTokenId</Code>"));
    Outcome bad_root = s.call({kRoot.key, "wrong"}, "sts", "GetCallerIdentity");
    CHECK(bad_root.status == e.bad_root_secret);
    if (e.bad_root_secret == 403) CHECK(bad_root.has("<Code>SignatureDoesNotMatch</Code>"));

    const Creds alice = s.user("alice");
    Outcome created = s.call(alice, "iam", "CreateUser", {{"UserName", "bob"}});
    CHECK(created.status == e.create_user);
    CHECK(created.record.authorization.starts_with(e.logged));
    CHECK(created.record.authorization.empty() == (*e.logged == '\0'));
    if (created.status == 403) CHECK(created.has("<Code>AccessDenied</Code>"));
    // Whether bob exists: the call really ran, or really did not.
    CHECK((s.call(kRoot, "iam", "GetUser", {{"UserName", "bob"}}).status == 200) ==
          (e.create_user == 200));

    REQUIRE(s.call(kRoot, "iam", "CreateRole",
                   {{"RoleName", "r"}, {"AssumeRolePolicyDocument", kTrustsNobody}})
                .status == 200);
    // alice may call sts:AssumeRole; only the trust policy refuses her.
    REQUIRE(s.call(kRoot, "iam", "PutUserPolicy",
                   {{"UserName", "alice"},
                    {"PolicyName", "assume"},
                    {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                                       R"("Action":"sts:AssumeRole","Resource":"*"}]})"}})
                .status == 200);
    Outcome assumed =
        s.call(alice, "sts", "AssumeRole",
               {{"RoleArn", "arn:aws:iam::000000000000:role/r"}, {"RoleSessionName", "s1"}});
    CHECK(assumed.status == e.assume_role);
    CHECK(assumed.record.authorization.starts_with(e.trust_logged));
    CHECK(assumed.record.authorization.empty() == (*e.trust_logged == '\0'));

    // The root's long-term key may assume roles in open mode only, whatever the mode's
    // policy answers (AWS refuses it regardless of policies).
    REQUIRE(s.call(kRoot, "iam", "UpdateAssumeRolePolicy",
                   {{"RoleName", "r"},
                    {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                                       R"("Principal":{"AWS":"arn:aws:iam::000000000000:root"},)"
                                       R"("Action":"sts:AssumeRole"}]})"}})
                .status == 200);
    Outcome by_root =
        s.call(kRoot, "sts", "AssumeRole",
               {{"RoleArn", "arn:aws:iam::000000000000:role/r"}, {"RoleSessionName", "s1"}});
    CHECK(by_root.status == (e.mode.root_may_assume_roles() ? 200 : 403));
    if (by_root.status == 403) CHECK(by_root.has("Roles may not be assumed by root accounts."));
  }
}
