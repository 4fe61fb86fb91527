// STS actions through the Dispatcher (signed with the test signer) and the clock admin
// endpoint, on an in-memory database: credentials issued by GetSessionToken /
// GetFederationToken / AssumeRole resolve to the right principal, expire with the server
// clock, and the validation and error texts are AWS's.
#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <string>

#include "api/dispatcher.hpp"
#include "common/clock.hpp"
#include "credentials/base32.hpp"
#include "credentials/totp.hpp"
#include "server/admin_endpoints.hpp"
#include "storage/database.hpp"
#include "sts/sts_support.hpp"
#include "tests/api/query_request.hpp"

using namespace localiam;

namespace {

struct Creds {
  std::string key, secret, token;
};

const Creds kRoot{"test", "test", ""};

struct Reply {
  int status = 0;
  std::string body;

  // Text of the first <name> element (unescaped), or "" when absent.
  std::string get(const std::string& name) const {
    size_t start = body.find("<" + name + ">");
    if (start == std::string::npos) return "";
    start += name.size() + 2;
    std::string text = body.substr(start, body.find("</" + name + ">", start) - start);
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      bool replaced = false;
      for (auto [entity, c] : {std::pair{"&apos;", '\''},
                               {"&quot;", '"'},
                               {"&lt;", '<'},
                               {"&gt;", '>'},
                               {"&amp;", '&'}}) {
        if (text.compare(i, std::strlen(entity), entity) == 0) {
          out.push_back(c);
          i += std::strlen(entity) - 1;
          replaced = true;
          break;
        }
      }
      if (!replaced) out.push_back(text[i]);
    }
    return out;
  }
  bool has(const std::string& name) const {
    return body.find("<" + name + ">") != std::string::npos;
  }
  std::string code() const { return get("Code"); }
  std::string message() const { return get("Message"); }
  Creds creds() const { return {get("AccessKeyId"), get("SecretAccessKey"), get("SessionToken")}; }
};

class Sts {
 public:
  explicit Sts(api::AuthMode mode = api::AuthMode::kOpen)
      : db_(":memory:"),
        service_{config(mode), db_, clock_},
        dispatcher_(service_),
        admin_(service_) {}

  Reply call(const Creds& creds, const std::string& service, const std::string& action,
             const std::multimap<std::string, std::string>& params = {}) {
    HttpRequest request =
        testing::query_request(creds.key, creds.secret, creds.token, service, action, params);
    HttpResponse response = dispatcher_.handle(request);
    return {response.status, response.body};
  }
  Reply sts(const Creds& creds, const std::string& action,
            const std::multimap<std::string, std::string>& params = {}) {
    return call(creds, "sts", action, params);
  }
  Reply iam(const Creds& creds, const std::string& action,
            const std::multimap<std::string, std::string>& params = {}) {
    return call(creds, "iam", action, params);
  }

  HttpResponse admin(const std::string& method, const std::string& path, std::string body = "") {
    HttpRequest request;
    request.method = method;
    request.target = path;
    request.body = std::move(body);
    return admin_.handle(request);
  }

  // A user with an access key.
  Creds user(const std::string& name, const Creds& as = kRoot) {
    REQUIRE(iam(as, "CreateUser", {{"UserName", name}}).status == 200);
    Reply key = iam(as, "CreateAccessKey", {{"UserName", name}});
    REQUIRE(key.status == 200);
    return {key.get("AccessKeyId"), key.get("SecretAccessKey"), ""};
  }
  // A role trusting its account; returns its ARN.
  std::string role(const std::string& name, const Creds& as = kRoot,
                   const std::string& max_duration = "") {
    std::multimap<std::string, std::string> params{
        {"RoleName", name},
        {"AssumeRolePolicyDocument",
         R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},)"
         R"("Action":["sts:AssumeRole","sts:TagSession"]}]})"}};
    if (!max_duration.empty()) params.emplace("MaxSessionDuration", max_duration);
    Reply r = iam(as, "CreateRole", params);
    REQUIRE(r.status == 200);
    return r.get("Arn");
  }

  Clock clock_;

 private:
  static api::ServiceConfig config(api::AuthMode mode) {
    api::ServiceConfig c;
    c.auth_mode = mode;
    return c;
  }
  storage::Database db_;
  api::ServiceContext service_;
  api::Dispatcher dispatcher_;
  server::AdminEndpoints admin_;
};

int64_t lifetime(const Reply& r, const Clock& clock) {
  return *parse_iso8601(r.get("Expiration")) - clock.now_epoch_seconds();
}

}  // namespace

TEST_CASE("the clock endpoint advances, sets and resets the server clock", "[api][sts]") {
  Sts s;
  HttpResponse r = s.admin("POST", "/_localiam/clock", R"({"advance_seconds": 3601})");
  CHECK(r.status == 200);
  CHECK(r.body.find("\"offset_seconds\":3601") != std::string::npos);
  r = s.admin("POST", "/_localiam/clock", R"({"now": "2030-01-01T00:00:00Z"})");
  CHECK(r.status == 200);
  CHECK(r.body.find("\"now\":\"2030-01-01T00:00:0") != std::string::npos);
  CHECK(s.clock_.now_epoch_seconds() >= 1893456000);
  r = s.admin("DELETE", "/_localiam/clock");
  CHECK(r.status == 200);
  CHECK(r.body.find("\"offset_seconds\":0") != std::string::npos);

  for (const char* bad :
       {"", "{", "[]", "{}", R"({"advance_seconds": "x"})", R"({"advance_seconds": 1.5})",
        R"({"now": "tomorrow"})", R"({"advance_seconds": 1, "now": "2030-01-01T00:00:00Z"})",
        R"({"advance": 1})"}) {
    INFO(bad);
    HttpResponse e = s.admin("POST", "/_localiam/clock", bad);
    CHECK(e.status == 400);
    CHECK(e.body.find("\"error\":") != std::string::npos);
  }
  CHECK(s.admin("PUT", "/_localiam/clock").status == 405);
}

TEST_CASE("GetSessionToken gives a user credentials that act as the user", "[api][sts]") {
  Sts s;
  Creds alice = s.user("alice");
  Reply user = s.iam(kRoot, "GetUser", {{"UserName", "alice"}});
  Reply token = s.sts(alice, "GetSessionToken");
  REQUIRE(token.status == 200);
  CHECK(token.get("AccessKeyId").rfind("ASIA", 0) == 0);
  CHECK(std::abs(lifetime(token, s.clock_) - 43200) < 5);
  Creds session = token.creds();

  Reply identity = s.sts(session, "GetCallerIdentity");
  REQUIRE(identity.status == 200);
  CHECK(identity.get("Arn") == "arn:aws:iam::000000000000:user/alice");
  CHECK(identity.get("UserId") == user.get("UserId"));
  CHECK(identity.get("Account") == "000000000000");

  // Session credentials cannot ask for more session credentials, nor call IAM without MFA.
  Reply again = s.sts(session, "GetSessionToken");
  CHECK(again.status == 403);
  CHECK(again.code() == "AccessDenied");
  CHECK(again.message() == "Cannot call GetSessionToken with session credentials");
  Reply fed = s.sts(session, "GetFederationToken", {{"Name", "bob"}});
  CHECK(fed.message() == "Cannot call GetFederationToken with session credentials");
  Reply iam = s.iam(session, "ListUsers");
  CHECK(iam.code() == "InvalidClientTokenId");
  CHECK(iam.message() == "The security token included in the request is invalid");
  // With MFA: a virtual device enabled for alice, its current code computed from the seed.
  Reply device = s.iam(kRoot, "CreateVirtualMFADevice", {{"VirtualMFADeviceName", "alice"}});
  const std::string serial = device.get("SerialNumber");
  const auto key =
      *credentials::base32_decode(*credentials::base64_decode(device.get("Base32StringSeed")));
  const int64_t step = credentials::totp_step(s.clock_.now_epoch_seconds());
  const auto code = [&](int64_t at) {
    return credentials::hotp_code(key, static_cast<uint64_t>(at));
  };
  REQUIRE(s.iam(kRoot, "EnableMFADevice",
                {{"UserName", "alice"},
                 {"SerialNumber", serial},
                 {"AuthenticationCode1", code(step - 1)},
                 {"AuthenticationCode2", code(step)}})
              .status == 200);
  Reply wrong =
      s.sts(alice, "GetSessionToken", {{"SerialNumber", serial}, {"TokenCode", code(step + 40)}});
  CHECK(wrong.code() == "AccessDenied");
  CHECK(wrong.message() ==
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
  Reply unknown =
      s.sts(alice, "GetSessionToken", {{"SerialNumber", serial + "x"}, {"TokenCode", code(step)}});
  CHECK(unknown.code() == "AccessDenied");
  Reply mfa =
      s.sts(alice, "GetSessionToken", {{"SerialNumber", serial}, {"TokenCode", code(step)}});
  REQUIRE(mfa.status == 200);
  CHECK(s.iam(mfa.creds(), "ListUsers").status == 200);

  SECTION("expiry via the clock") {
    s.admin("POST", "/_localiam/clock", R"({"advance_seconds": 43201})");
    Reply expired = s.sts(session, "GetCallerIdentity");
    CHECK(expired.status == 403);
    CHECK(expired.code() == "ExpiredToken");
    CHECK(expired.message() == "The security token included in the request is expired");
    s.admin("DELETE", "/_localiam/clock");
    CHECK(s.sts(session, "GetCallerIdentity").status == 200);
  }
}

TEST_CASE("GetSessionToken durations: range checked, root clamped to one hour", "[api][sts]") {
  Sts s;
  Reply root = s.sts(kRoot, "GetSessionToken", {{"DurationSeconds", "7200"}});
  REQUIRE(root.status == 200);
  CHECK(std::abs(lifetime(root, s.clock_) - 3600) < 5);
  Reply identity = s.sts(root.creds(), "GetCallerIdentity");
  CHECK(identity.get("Arn") == "arn:aws:iam::000000000000:root");
  CHECK(identity.get("UserId") == "000000000000");

  Creds bob = s.user("bob");
  Reply longest = s.sts(bob, "GetSessionToken", {{"DurationSeconds", "129600"}});
  CHECK(std::abs(lifetime(longest, s.clock_) - 129600) < 5);
  Reply small = s.sts(bob, "GetSessionToken", {{"DurationSeconds", "20"}});
  CHECK(small.code() == "ValidationError");
  CHECK(small.message() ==
        "1 validation error detected: Value '20' at 'durationSeconds' failed to satisfy "
        "constraint: Member must have value greater than or equal to 900");
  Reply big = s.sts(bob, "GetSessionToken", {{"DurationSeconds", "129601"}});
  CHECK(big.message() ==
        "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy "
        "constraint: Member must have value less than or equal to 129600");
}

TEST_CASE("GetFederationToken issues federated-user credentials", "[api][sts]") {
  Sts s;
  Creds carol = s.user("carol");
  Reply r = s.sts(carol, "GetFederationToken", {{"Name", "fed-user"}});
  REQUIRE(r.status == 200);
  CHECK(r.get("FederatedUserId") == "000000000000:fed-user");
  CHECK(r.get("Arn") == "arn:aws:sts::000000000000:federated-user/fed-user");
  CHECK(r.get("PackedPolicySize") == "0");
  CHECK(std::abs(lifetime(r, s.clock_) - 43200) < 5);
  Reply identity = s.sts(r.creds(), "GetCallerIdentity");
  CHECK(identity.get("Arn") == "arn:aws:sts::000000000000:federated-user/fed-user");
  CHECK(identity.get("UserId") == "000000000000:fed-user");
  CHECK(s.iam(r.creds(), "ListUsers").code() == "InvalidClientTokenId");

  Reply with_policy = s.sts(
      carol, "GetFederationToken",
      {{"Name", "fed2"},
       {"Policy",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"},
       {"PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}});
  REQUIRE(with_policy.status == 200);
  CHECK(with_policy.get("PackedPolicySize") != "0");

  Reply bad_name = s.sts(carol, "GetFederationToken", {{"Name", "a:b"}});
  CHECK(bad_name.message() ==
        "1 validation error detected: Value 'a:b' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  std::string long_policy(2049, ' ');
  long_policy.replace(0, 2, "{}");
  Reply too_long = s.sts(carol, "GetFederationToken", {{"Name", "fed3"}, {"Policy", long_policy}});
  CHECK(too_long.message() == "1 validation error detected: Value '" + long_policy +
                                  "' at 'policy' failed to satisfy constraint: Member must have "
                                  "length less than or equal to 2048");
  Reply root = s.sts(kRoot, "GetFederationToken", {{"Name", "fed4"}, {"DurationSeconds", "7200"}});
  CHECK(std::abs(lifetime(root, s.clock_) - 3600) < 5);
}

TEST_CASE("AssumeRole: chaining limits, tags, policy ARNs, source identity", "[api][sts]") {
  Sts s;
  Creds dave = s.user("dave");
  std::string arn = s.role("long-role", kRoot, "43200");
  std::string arn2 = s.role("second-role");

  Reply first = s.sts(dave, "AssumeRole",
                      {{"RoleArn", arn},
                       {"RoleSessionName", "s1"},
                       {"DurationSeconds", "7200"},
                       {"SourceIdentity", "dave-id"},
                       {"ExternalId", "ext-123"},
                       {"Tags.member.1.Key", "team"},
                       {"Tags.member.1.Value", "blue"},
                       {"Tags.member.2.Key", "cost"},
                       {"Tags.member.2.Value", "42"},
                       {"TransitiveTagKeys.member.1", "team"}});
  REQUIRE(first.status == 200);
  CHECK(std::abs(lifetime(first, s.clock_) - 7200) < 5);
  CHECK(first.get("SourceIdentity") == "dave-id");
  CHECK(first.has("PackedPolicySize"));
  Creds session = first.creds();

  SECTION("an assumed-role session chains with at most one hour") {
    Reply too_long =
        s.sts(session, "AssumeRole",
              {{"RoleArn", arn}, {"RoleSessionName", "s2"}, {"DurationSeconds", "3601"}});
    CHECK(too_long.code() == "ValidationError");
    CHECK(too_long.message() ==
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
          "role chaining.");
    Reply chained = s.sts(session, "AssumeRole", {{"RoleArn", arn2}, {"RoleSessionName", "s2"}});
    REQUIRE(chained.status == 200);
    CHECK(chained.get("SourceIdentity") == "dave-id");  // carried along
    Reply conflict = s.sts(session, "AssumeRole",
                           {{"RoleArn", arn2},
                            {"RoleSessionName", "s3"},
                            {"Tags.member.1.Key", "TEAM"},
                            {"Tags.member.1.Value", "red"}});
    CHECK(conflict.code() == "InvalidParameterValue");
    CHECK(conflict.message() ==
          "One of the specified transitive tag keys can't be set because it conflicts with a "
          "transitive tag key from the calling session.");
    // A non-transitive tag of the first session does not travel and may be set again.
    Reply fine = s.sts(session, "AssumeRole",
                       {{"RoleArn", arn2},
                        {"RoleSessionName", "s4"},
                        {"Tags.member.1.Key", "cost"},
                        {"Tags.member.1.Value", "7"}});
    CHECK(fine.status == 200);
  }

  SECTION("GetSessionToken credentials chain too") {
    Creds token = s.sts(dave, "GetSessionToken").creds();
    Reply too_long =
        s.sts(token, "AssumeRole",
              {{"RoleArn", arn}, {"RoleSessionName", "s5"}, {"DurationSeconds", "7200"}});
    CHECK(too_long.message() ==
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
          "role chaining.");
    CHECK(s.sts(token, "AssumeRole", {{"RoleArn", arn}, {"RoleSessionName", "s5"}}).status == 200);
  }

  SECTION("tag and policy errors") {
    Reply dup = s.sts(dave, "AssumeRole",
                      {{"RoleArn", arn},
                       {"RoleSessionName", "sx"},
                       {"Tags.member.1.Key", "Env"},
                       {"Tags.member.1.Value", "a"},
                       {"Tags.member.2.Key", "env"},
                       {"Tags.member.2.Value", "b"}});
    CHECK(dup.code() == "InvalidParameterValue");
    CHECK(dup.message() ==
          "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    Reply transitive = s.sts(dave, "AssumeRole",
                             {{"RoleArn", arn},
                              {"RoleSessionName", "sx"},
                              {"Tags.member.1.Key", "a"},
                              {"Tags.member.1.Value", "b"},
                              {"TransitiveTagKeys.member.1", "c"}});
    CHECK(transitive.message() ==
          "The specified transitive tag key must be included in the requested tags.");
    Reply long_value = s.sts(dave, "AssumeRole",
                             {{"RoleArn", arn},
                              {"RoleSessionName", "sx"},
                              {"Tags.member.1.Key", "k"},
                              {"Tags.member.1.Value", std::string(257, 'v')}});
    CHECK(long_value.message() == "1 validation error detected: Value '" + std::string(257, 'v') +
                                      "' at 'tags.1.member.value' failed to satisfy constraint: "
                                      "Member must have length less than or equal to 256");
    std::multimap<std::string, std::string> many{{"RoleArn", arn}, {"RoleSessionName", "sx"}};
    for (int i = 1; i <= 51; ++i) {
      many.emplace("Tags.member." + std::to_string(i) + ".Key", "k" + std::to_string(i));
      many.emplace("Tags.member." + std::to_string(i) + ".Value", "v");
    }
    CHECK(s.sts(dave, "AssumeRole", many).message() ==
          "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member "
          "must have length less than or equal to 50");
    Reply missing_policy =
        s.sts(dave, "AssumeRole",
              {{"RoleArn", arn},
               {"RoleSessionName", "sx"},
               {"PolicyArns.member.1.arn", "arn:aws:iam::000000000000:policy/nope"}});
    CHECK(missing_policy.code() == "InvalidParameterValue");
    std::multimap<std::string, std::string> eleven{{"RoleArn", arn}, {"RoleSessionName", "sx"}};
    for (int i = 1; i <= 11; ++i)
      eleven.emplace("PolicyArns.member." + std::to_string(i) + ".arn",
                     "arn:aws:iam::aws:policy/ReadOnlyAccess");
    CHECK(s.sts(dave, "AssumeRole", eleven).code() == "ValidationError");
    Reply managed = s.sts(dave, "AssumeRole",
                          {{"RoleArn", arn},
                           {"RoleSessionName", "sx"},
                           {"PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"}});
    CHECK(managed.status == 200);
    CHECK(managed.has("PackedPolicySize"));
  }
}

TEST_CASE("AssumeRole across accounts: the session belongs to the role's account", "[api][sts]") {
  Sts s;
  Creds account_a{"111111111111", "test", ""};
  Creds account_b{"222222222222", "test", ""};
  std::string arn = s.role("shared", account_b);
  CHECK(arn == "arn:aws:iam::222222222222:role/shared");
  Creds erin = s.user("erin", account_a);
  Reply r = s.sts(erin, "AssumeRole", {{"RoleArn", arn}, {"RoleSessionName", "xa"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.get("Arn") == "arn:aws:sts::222222222222:assumed-role/shared/xa");
  Reply identity = s.sts(r.creds(), "GetCallerIdentity");
  CHECK(identity.get("Account") == "222222222222");
  CHECK(identity.get("Arn") == "arn:aws:sts::222222222222:assumed-role/shared/xa");

  // GetAccessKeyInfo knows every key's account.
  CHECK(s.sts(kRoot, "GetAccessKeyInfo", {{"AccessKeyId", erin.key}}).get("Account") ==
        "111111111111");
  CHECK(s.sts(kRoot, "GetAccessKeyInfo", {{"AccessKeyId", r.get("AccessKeyId")}}).get("Account") ==
        "222222222222");
  CHECK(
      s.sts(kRoot, "GetAccessKeyInfo", {{"AccessKeyId", "AKIAIOSFODNN7EXAMPLE"}}).get("Account") ==
      "000000000000");
  CHECK(s.sts(kRoot, "GetAccessKeyInfo", {{"AccessKeyId", "short"}}).message() ==
        "1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy "
        "constraint: Member must have length greater than or equal to 16");
}

TEST_CASE("the STS actions with nothing to offer answer as AWS does", "[api][sts]") {
  Sts s;
  Reply decode = s.sts(kRoot, "DecodeAuthorizationMessage", {{"EncodedMessage", "abc"}});
  CHECK(decode.status == 400);
  CHECK(decode.code() == "InvalidAuthorizationMessageException");

  Reply root = s.sts(
      kRoot, "AssumeRoot",
      {{"TargetPrincipal", "111122223333"},
       {"TaskPolicyArn.arn", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}});
  CHECK(root.code() == "AccessDenied");
  CHECK(root.message() ==
        "User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRoot on "
        "resource: arn:aws:iam::111122223333:root");
  Reply root_duration = s.sts(kRoot, "AssumeRoot",
                              {{"TargetPrincipal", "111122223333"},
                               {"TaskPolicyArn.arn", "arn:aws:iam::aws:policy/root-task/X"},
                               {"DurationSeconds", "901"}});
  CHECK(root_duration.message() ==
        "1 validation error detected: Value '901' at 'durationSeconds' failed to satisfy "
        "constraint: Member must have value less than or equal to 900");

  Reply trade = s.sts(kRoot, "GetDelegatedAccessToken", {{"TradeInToken", "abc"}});
  CHECK(trade.code() == "ExpiredTradeInTokenException");

  Reply web = s.sts(kRoot, "GetWebIdentityToken",
                    {{"Audience.member.1", "https://example.com"}, {"SigningAlgorithm", "RS256"}});
  CHECK(web.status == 403);
  CHECK(web.code() == "OutboundWebIdentityFederationDisabledException");
  Reply alg = s.sts(kRoot, "GetWebIdentityToken",
                    {{"Audience.member.1", "https://example.com"}, {"SigningAlgorithm", "HS256"}});
  CHECK(alg.message() ==
        "1 validation error detected: Value 'HS256' at 'signingAlgorithm' failed to satisfy "
        "constraint: Member must satisfy enum value set: [RS256, ES384]");
}

TEST_CASE("AssumeRoleWithWebIdentity and AssumeRoleWithSAML need no signature", "[api][sts]") {
  Sts s;
  const Creds unsigned_{"", "", ""};
  // {"alg":"RS256"} . {"iss":"https://token.actions.githubusercontent.com","sub":"x"} . sig
  const std::string jwt =
      "eyJhbGciOiJSUzI1NiJ9."
      "eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwic3ViIjoieCJ9."
      "c2ln";
  Reply r = s.sts(unsigned_, "AssumeRoleWithWebIdentity",
                  {{"RoleArn", "arn:aws:iam::000000000000:role/web"},
                   {"RoleSessionName", "web"},
                   {"WebIdentityToken", jwt}});
  CHECK(r.status == 400);
  CHECK(r.code() == "InvalidIdentityToken");
  CHECK(r.message() ==
        "No OpenIDConnect provider found in your account for "
        "https://token.actions.githubusercontent.com");
  Reply garbage = s.sts(unsigned_, "AssumeRoleWithWebIdentity",
                        {{"RoleArn", "arn:aws:iam::000000000000:role/web"},
                         {"RoleSessionName", "web"},
                         {"WebIdentityToken", "not-a-jwt"}});
  CHECK(garbage.code() == "InvalidIdentityToken");
  CHECK(garbage.message().find("No OpenIDConnect") == std::string::npos);

  Reply saml = s.sts(unsigned_, "AssumeRoleWithSAML",
                     {{"RoleArn", "arn:aws:iam::000000000000:role/saml"},
                      {"PrincipalArn", "arn:aws:iam::000000000000:saml-provider/idp"},
                      {"SAMLAssertion", "PHNhbWxwOlJlc3BvbnNlLz4="}});
  CHECK(saml.code() == "InvalidIdentityToken");
  CHECK(saml.message().rfind("Specified provider doesn't exist (Service: "
                             "AWSOpenIdDiscoveryService; Status Code: 400; Error Code: "
                             "AuthSamlManifestNotFoundException; Request ID: ",
                             0) == 0);
  Reply bad64 = s.sts(unsigned_, "AssumeRoleWithSAML",
                      {{"RoleArn", "arn:aws:iam::000000000000:role/saml"},
                       {"PrincipalArn", "arn:aws:iam::000000000000:saml-provider/idp"},
                       {"SAMLAssertion", "%%%%not base64"}});
  CHECK(bad64.message().rfind("Invalid base64 SAMLResponse (Service: AWSOpenIdDiscoveryService",
                              0) == 0);
}

TEST_CASE("session tags: pattern, case-insensitive keys", "[api][sts]") {
  CHECK(api::sts::is_tag_text("team-a_b.c:d/e=f+g@h 1"));
  CHECK(api::sts::is_tag_text("équipe"));
  CHECK_FALSE(api::sts::is_tag_text("a*b"));
  CHECK_FALSE(api::sts::is_tag_text("a,b"));
  CHECK(api::sts::same_tag_key("Team", "tEAM"));
  CHECK_FALSE(api::sts::same_tag_key("Team", "Teams"));
  CHECK(api::sts::parse_role_arn("arn:aws:iam::123456789012:role/a/b/name")->name == "name");
  CHECK_FALSE(api::sts::parse_role_arn("arn:aws:iam::123456789012:user/name"));
  CHECK_FALSE(api::sts::parse_role_arn("nothing-valid-in-here"));
}

TEST_CASE("open mode: keys localiam issued and removed since are refused", "[api][sts]") {
  Sts s;  // open mode
  Creds alice = s.user("alice");
  REQUIRE(s.sts(alice, "GetCallerIdentity").get("Arn") == "arn:aws:iam::000000000000:user/alice");
  Reply session = s.sts(alice, "GetSessionToken");
  REQUIRE(session.status == 200);
  Creds temporary = session.creds();
  REQUIRE(
      s.iam(kRoot, "DeleteAccessKey", {{"UserName", "alice"}, {"AccessKeyId", alice.key}}).status ==
      200);
  for (const char* service : {"sts", "iam"}) {
    Reply r = s.call(alice, service, service[0] == 's' ? "GetCallerIdentity" : "ListUsers");
    CHECK(r.status == 403);
    CHECK(r.code() == "InvalidClientTokenId");
    CHECK(r.message() == "The security token included in the request is invalid.");
  }
  // A reset clears sessions: their keys are refused too, not taken for the root.
  REQUIRE(s.admin("POST", "/_localiam/reset").status == 200);
  CHECK(s.sts(temporary, "GetCallerIdentity").code() == "InvalidClientTokenId");
  CHECK(s.sts(alice, "GetCallerIdentity").code() == "InvalidClientTokenId");
  // Keys never issued here keep open mode's meaning.
  CHECK(s.sts({"AKIAIOSFODNN7EXAMPLE", "x", ""}, "GetCallerIdentity").get("Arn") ==
        "arn:aws:iam::000000000000:root");
  CHECK(s.sts({"111111111111", "x", ""}, "GetCallerIdentity").get("Arn") ==
        "arn:aws:iam::111111111111:root");
}
