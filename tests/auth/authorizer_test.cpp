// The authoriser (auth/authorizer.hpp), table first: each row is one question (the caller's
// policies by type, a resource policy, the action, the resource, the context) and the structured
// decision AWS's evaluation logic gives it (effect, the type of policy that decided, the deciding
// statement, AWS's reason clause, the condition keys asked for and missing).
#include "auth/authorizer.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/arn.hpp"
#include "policy/policy_cache.hpp"

using namespace localiam;
using api::AuthzDecision;
using api::AuthzQuestion;
using api::LoadedPolicy;

namespace {

constexpr const char* kAlice = "arn:aws:iam::111111111111:user/alice";
constexpr const char* kBobOther = "arn:aws:iam::222222222222:user/bob";

// A policy document with one statement: `effect`, `action`, `resource`, and more members
// (`extra`, starting with a comma) when given.
std::string statement(const char* effect, const char* action, const char* resource = "*",
                      const char* extra = "") {
  return std::string(R"({"Version":"2012-10-17","Statement":{"Effect":")") + effect +
         R"(","Action":")" + action + R"(","Resource":")" + resource + "\"" + extra + "}}";
}

LoadedPolicy loaded(std::string id, std::string document, policy::SourceType type) {
  LoadedPolicy p;
  p.id = std::move(id);
  p.type = type;
  p.document = std::move(document);
  p.compiled = policy::compiled_policy_for(p.document);
  REQUIRE(p.compiled);
  return p;
}

struct Row {
  const char* name;
  // The caller and its policies ("" leaves a set out).
  const char* principal = kAlice;
  bool root = false;
  std::vector<std::string> identity = {};
  std::string boundary = "";
  bool has_session = false;
  std::vector<std::string> session = {};
  std::vector<std::string> scopes = {};
  // A resource-based policy, the account owning the resource, whether it must allow.
  std::string resource_policy = "";
  const char* resource_account = "";
  bool trust = false;
  bool required = false;  // a KMS key policy: it must allow, or delegate to the account
  // The question.
  const char* action = "iam:GetUser";
  const char* resource = "arn:aws:iam::111111111111:user/alice";
  bool resource_unknown = false;
  std::vector<std::pair<const char*, const char*>> context = {};
  // The decision.
  const char* effect = "allowed";
  const char* decided_by = "identity";
  const char* statement = "";
  const char* statement_type = nullptr;  // the deciding statement's policy type: decided_by
  const char* reason = "";
  std::vector<std::string> missing = {};
};

const std::string kGetUser = statement("Allow", "iam:GetUser");
const std::string kDenyAll = statement("Deny", "*");
const std::string kTeamBlue =
    statement("Allow", "iam:GetUser", "*",
              R"(,"Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}})");
const std::string kGetUserSid =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"ReadUsers","Effect":"Allow","Action":"iam:Get*","Resource":"*"}]})";
const std::string kTrustAlice =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}})";
const std::string kBucketForAlice =
    R"({"Version":"2012-10-17","Statement":{"Sid":"Alice","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})";
const std::string kBucketForAccount =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})";
const std::string kBucketDeny =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}})";
const std::string kGetObject = statement("Allow", "s3:GetObject", "arn:aws:s3:::b/*");
constexpr const char* kRoot = "arn:aws:iam::111111111111:root";
constexpr const char* kKey = "arn:aws:kms:us-east-1:111111111111:key/k1";
// A key policy whose first statement lets the account's IAM policies count (the default).
const std::string kKeyDelegates =
    R"({"Version":"2012-10-17","Statement":{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}})";
const std::string kKeyForAdmin =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/admin"},"Action":"kms:*","Resource":"*"}})";
const std::string kKeyForAlice =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"kms:Encrypt","Resource":"*"}})";
const std::string kKeyDenyAlice =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"kms:Encrypt","Resource":"*"}]})";
const std::string kEncrypt = statement("Allow", "kms:Encrypt");
const std::string kBucketForOther =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})";

// clang-format off
const std::vector<Row> kRows = {
    {.name = "no policy: implicit deny by the identity side",
     .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "an identity policy allows; named by its position",
     .identity = {kGetUser}, .statement = "identity-1 statement 1"},
    {.name = "an identity policy allows; named by its Sid",
     .identity = {kGetUserSid}, .statement = "identity-1 statement \"ReadUsers\""},
    {.name = "action names are matched without case",
     .identity = {kGetUser}, .action = "IAM:getuser", .statement = "identity-1 statement 1"},
    {.name = "an explicit deny wins over an allow",
     .identity = {kGetUser, kDenyAll}, .effect = "explicitDeny",
     .statement = "identity-2 statement 1",
     .reason = "with an explicit deny in an identity-based policy"},
    {.name = "another action is not allowed",
     .identity = {kGetUser}, .action = "iam:DeleteUser", .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:DeleteUser action"},
    {.name = "a boundary that does not allow cuts an identity allow",
     .identity = {kGetUser}, .boundary = statement("Allow", "iam:List*"),
     .effect = "implicitDeny", .decided_by = "permissionsBoundary",
     .reason = "because no permissions boundary allows the iam:GetUser action"},
    {.name = "a boundary's explicit deny",
     .identity = {kGetUser}, .boundary = kDenyAll, .effect = "explicitDeny",
     .decided_by = "permissionsBoundary", .statement = "boundary statement 1",
     .reason = "with an explicit deny in a permissions boundary"},
    {.name = "a boundary that allows lets the identity allow stand",
     .identity = {kGetUser}, .boundary = statement("Allow", "iam:*"),
     .statement = "identity-1 statement 1"},
    {.name = "a session policy that does not allow cuts the role's allow",
     .identity = {kGetUser}, .has_session = true, .session = {statement("Allow", "s3:*")},
     .effect = "implicitDeny", .decided_by = "session",
     .reason = "because no session policy allows the iam:GetUser action"},
    {.name = "a session policy's explicit deny",
     .identity = {kGetUser}, .has_session = true, .session = {kDenyAll},
     .effect = "explicitDeny", .decided_by = "session", .statement = "session-1 statement 1",
     .reason = "with an explicit deny in a session policy"},
    {.name = "a scope-down policy must allow too",
     .identity = {kGetUser}, .scopes = {statement("Allow", "iam:ListUsers")},
     .effect = "implicitDeny", .decided_by = "scopeDown",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "a scope-down policy that allows",
     .identity = {kGetUser}, .scopes = {statement("Allow", "iam:Get*")},
     .statement = "scope-1 statement 1", .statement_type = "scopeDown"},
    {.name = "the root is allowed without policies",
     .principal = "arn:aws:iam::111111111111:root", .root = true, .decided_by = "root"},
    {.name = "the root's scope-down policies still apply",
     .principal = "arn:aws:iam::111111111111:root", .root = true,
     .scopes = {statement("Allow", "iam:List*")}, .effect = "implicitDeny",
     .decided_by = "scopeDown",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "a literal * resource is matched as text: a narrower pattern does not cover it",
     .identity = {statement("Allow", "iam:GetUser", "arn:aws:iam::111111111111:user/*")},
     .resource = "*", .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "an unknown resource is covered by any pattern",
     .identity = {statement("Allow", "iam:GetUser", "arn:aws:iam::111111111111:user/*")},
     .resource = "*", .resource_unknown = true, .statement = "identity-1 statement 1"},
    {.name = "a resource outside the pattern",
     .identity = {statement("Allow", "iam:GetUser", "arn:aws:iam::111111111111:user/admins/*")},
     .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "a condition met by the context",
     .identity = {kTeamBlue}, .context = {{"aws:PrincipalTag/team", "blue"}},
     .statement = "identity-1 statement 1"},
    {.name = "a condition key the request lacks is reported missing",
     .identity = {kTeamBlue}, .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:GetUser action",
     .missing = {"aws:PrincipalTag/team"}},
    {.name = "a condition key with another value is asked for but not missing",
     .identity = {kTeamBlue}, .context = {{"aws:principaltag/TEAM", "red"}},
     .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the iam:GetUser action"},
    {.name = "same account: a resource policy naming the principal allows alone",
     .resource_policy = kBucketForAlice, .resource_account = "111111111111",
     .action = "s3:GetObject", .resource = "arn:aws:s3:::b/k", .decided_by = "resource",
     .statement = "resource statement \"Alice\""},
    {.name = "same account: a resource policy naming only the account delegates to identity",
     .resource_policy = kBucketForAccount, .resource_account = "111111111111",
     .action = "s3:GetObject", .resource = "arn:aws:s3:::b/k", .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the s3:GetObject action"},
    {.name = "same account: delegated to an identity policy that allows",
     .identity = {kGetObject}, .resource_policy = kBucketForAccount,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .statement = "identity-1 statement 1"},
    {.name = "cross account: the resource policy alone is not enough",
     .principal = kBobOther, .resource_policy = kBucketForAccount,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the s3:GetObject action"},
    {.name = "cross account: identity alone is not enough",
     .identity = {kGetObject}, .resource_account = "222222222222", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .effect = "implicitDeny", .decided_by = "resource",
     .reason = "because no resource-based policy allows the s3:GetObject action"},
    {.name = "a resource policy's explicit deny",
     .identity = {kGetObject}, .resource_policy = kBucketDeny,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .effect = "explicitDeny", .decided_by = "resource",
     .statement = "resource statement 1",
     .reason = "with an explicit deny in a resource-based policy"},
    {.name = "a trust policy naming the caller allows AssumeRole",
     .resource_policy = kTrustAlice, .resource_account = "111111111111", .trust = true,
     .action = "sts:AssumeRole", .resource = "arn:aws:iam::111111111111:role/r",
     .decided_by = "trust", .statement = "resource statement 1"},
    {.name = "a required trust policy that is missing: nothing allows",
     .identity = {statement("Allow", "sts:AssumeRole")}, .resource_account = "111111111111",
     .trust = true, .action = "sts:AssumeRole", .resource = "arn:aws:iam::111111111111:role/r",
     .effect = "implicitDeny", .decided_by = "trust",
     .reason = "because no resource-based policy allows the sts:AssumeRole action"},
    {.name = "a trust policy naming another principal",
     .principal = "arn:aws:iam::111111111111:user/carol",
     .resource_policy = kTrustAlice, .resource_account = "111111111111", .trust = true,
     .action = "sts:AssumeRole", .resource = "arn:aws:iam::111111111111:role/r",
     .effect = "implicitDeny", .decided_by = "trust",
     .reason = "because no resource-based policy allows the sts:AssumeRole action"},
    {.name = "KMS: a key policy delegating to the account lets the IAM policy allow",
     .identity = {kEncrypt}, .resource_policy = kKeyDelegates, .resource_account = "111111111111",
     .required = true, .action = "kms:Encrypt", .resource = kKey,
     .statement = "identity-1 statement 1"},
    {.name = "KMS: delegation alone grants nothing",
     .resource_policy = kKeyDelegates, .resource_account = "111111111111", .required = true,
     .action = "kms:Encrypt", .resource = kKey, .effect = "implicitDeny",
     .reason = "because no identity-based policy allows the kms:Encrypt action"},
    {.name = "KMS: a key policy that does not delegate makes the IAM allow count for nothing",
     .identity = {kEncrypt}, .resource_policy = kKeyForAdmin, .resource_account = "111111111111",
     .required = true, .action = "kms:Encrypt", .resource = kKey, .effect = "implicitDeny",
     .decided_by = "resource",
     .reason = "because no resource-based policy allows the kms:Encrypt action"},
    {.name = "KMS: a key policy naming the caller allows without any IAM policy",
     .resource_policy = kKeyForAlice, .resource_account = "111111111111", .required = true,
     .action = "kms:Encrypt", .resource = kKey, .decided_by = "resource",
     .statement = "resource statement 1"},
    {.name = "KMS: the key policy's explicit deny beats its own delegation and an IAM allow",
     .identity = {kEncrypt}, .resource_policy = kKeyDenyAlice, .resource_account = "111111111111",
     .required = true, .action = "kms:Encrypt", .resource = kKey, .effect = "explicitDeny",
     .decided_by = "resource", .statement = "resource statement 2",
     .reason = "with an explicit deny in a resource-based policy"},
    {.name = "KMS: even the root needs the key policy to allow it",
     .principal = kRoot, .root = true, .resource_policy = kKeyForAdmin,
     .resource_account = "111111111111", .required = true, .action = "kms:Encrypt",
     .resource = kKey, .effect = "implicitDeny", .decided_by = "resource",
     .reason = "because no resource-based policy allows the kms:Encrypt action"},
    {.name = "KMS: the root named by the key policy",
     .principal = kRoot, .root = true, .resource_policy = kKeyDelegates,
     .resource_account = "111111111111", .required = true, .action = "kms:Encrypt",
     .resource = kKey, .decided_by = "root", .statement = "resource statement \"Enable IAM User Permissions\"",
     .statement_type = "resource"},
    {.name = "the root is refused by a resource policy's explicit deny",
     .principal = kRoot, .root = true, .resource_policy = kBucketDeny,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .effect = "explicitDeny", .decided_by = "resource",
     .statement = "resource statement 1",
     .reason = "with an explicit deny in a resource-based policy"},
    {.name = "cross account: the resource policy naming the caller's account and its IAM allow",
     .principal = kBobOther, .identity = {kGetObject}, .resource_policy = kBucketForOther,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .statement = "identity-1 statement 1"},
    {.name = "cross account: another account's root is limited by the resource policy",
     .principal = "arn:aws:iam::222222222222:root", .root = true,
     .resource_account = "111111111111", .action = "s3:GetObject",
     .resource = "arn:aws:s3:::b/k", .effect = "implicitDeny", .decided_by = "resource",
     .reason = "because no resource-based policy allows the s3:GetObject action"},
};
// clang-format on

// The decision, with what reads the statements taken while the policies live.
struct Answer {
  AuthzDecision decision;
  std::string deciding;
  std::string deciding_type;
  std::string description;
};

Answer ask(const Row& row) {
  std::vector<LoadedPolicy> keep;  // the policies live as long as the question
  api::PrincipalPolicies own;
  for (size_t i = 0; i < row.identity.size(); ++i)
    own.identity.push_back(
        loaded("identity-" + std::to_string(i + 1), row.identity[i], policy::SourceType::kUser));
  if (!row.boundary.empty())
    own.boundary.push_back(loaded("boundary", row.boundary, policy::SourceType::kUserManaged));
  api::CallerPolicies caller;
  caller.principal = &own;
  caller.is_root = row.root;
  caller.has_session = row.has_session;
  for (size_t i = 0; i < row.session.size(); ++i)
    caller.session.push_back(
        loaded("session-" + std::to_string(i + 1), row.session[i], policy::SourceType::kNone));
  for (size_t i = 0; i < row.scopes.size(); ++i)
    caller.scopes.push_back(
        loaded("scope-" + std::to_string(i + 1), row.scopes[i], policy::SourceType::kNone));

  policy::RequestPrincipal principal;
  principal.arn = row.principal;
  principal.account = std::string(arn::account_of(principal.arn));
  policy::ContextKeys context;
  for (const auto& [key, value] : row.context) context.set(key, std::string(value));

  std::optional<LoadedPolicy> resource_policy;
  if (!row.resource_policy.empty())
    resource_policy = loaded("resource", row.resource_policy, policy::SourceType::kResource);
  api::ResourcePolicy rp;
  rp.policy = resource_policy ? &*resource_policy : nullptr;
  rp.account = row.resource_account;
  rp.type = row.trust ? api::PolicyType::kTrust : api::PolicyType::kResource;
  rp.required = row.trust || row.required;

  AuthzQuestion q;
  q.principal = &principal;
  q.action = row.action;
  q.resource = row.resource;
  q.resource_unknown = row.resource_unknown;
  q.context = &context;
  q.caller = &caller;
  if (rp.policy || *row.resource_account) q.resource_policy = &rp;
  AuthzDecision d = api::decide(q);
  std::string deciding = d.deciding_statement();
  std::string type(d.statements.empty() ? "" : api::policy_type_name(d.statements[0].type));
  std::string description = d.describe();
  d.statements.clear();  // they point into the policies, which go now
  return {std::move(d), std::move(deciding), std::move(type), std::move(description)};
}

// alice asks for iam:GetUser on herself, governed by `own` (filled by the test).
struct AliceAsks {
  api::PrincipalPolicies own;
  api::CallerPolicies caller;
  policy::RequestPrincipal principal{kAlice, "111111111111", "", "", ""};
  policy::ContextKeys context;
  AuthzQuestion question;

  AliceAsks() {
    caller.principal = &own;
    question.principal = &principal;
    question.action = "iam:GetUser";
    question.resource = kAlice;
    question.context = &context;
    question.caller = &caller;
  }
  AliceAsks(const AliceAsks&) = delete;
};

}  // namespace

TEST_CASE("the authoriser decides every row as AWS's evaluation logic does", "[auth][authorizer]") {
  for (const Row& row : kRows) {
    INFO(row.name);
    const Answer answer = ask(row);
    const AuthzDecision& d = answer.decision;
    CHECK(policy::decision_name(d.effect) == row.effect);
    CHECK(api::policy_type_name(d.decided_by) == row.decided_by);
    CHECK(answer.deciding == row.statement);
    if (*row.statement)
      CHECK(answer.deciding_type == (row.statement_type ? row.statement_type : row.decided_by));
    CHECK(d.reason == row.reason);
    CHECK(d.allowed() == (std::string(row.effect) == "allowed"));
    if (!d.allowed()) {
      CHECK(d.keys_missing == row.missing);
      for (const std::string& key : row.missing)
        CHECK(std::find(d.keys_asked.begin(), d.keys_asked.end(), key) != d.keys_asked.end());
    }
  }
}

TEST_CASE("the decision describes itself for the access log", "[auth][authorizer]") {
  Row root{.name = "root", .principal = "arn:aws:iam::111111111111:root", .root = true};
  CHECK(ask(root).description == "root");
  AliceAsks alice;
  alice.own.identity.push_back(loaded("ReadOnly", kGetUserSid, policy::SourceType::kUser));
  alice.own.identity.push_back(loaded("Fence", kDenyAll, policy::SourceType::kUserManaged));
  CHECK(api::decide(alice.question).describe() ==
        "explicitDeny: with an explicit deny in an identity-based policy (Fence statement 1)");
  alice.own.identity.pop_back();
  CHECK(api::decide(alice.question).describe() == "allowed (ReadOnly statement \"ReadUsers\")");
  alice.question.action = "iam:DeleteUser";
  CHECK(api::decide(alice.question).describe() ==
        "implicitDeny: because no identity-based policy allows the iam:DeleteUser action");
}

TEST_CASE("with collect_details every allowing statement and missing key is reported",
          "[auth][authorizer]") {
  AliceAsks alice;
  alice.own.identity.push_back(loaded("a", kGetUser, policy::SourceType::kUser));
  alice.own.identity.push_back(loaded("b", kGetUserSid, policy::SourceType::kUser));
  alice.own.identity.push_back(loaded("c", kTeamBlue, policy::SourceType::kUser));
  AuthzQuestion& q = alice.question;
  CHECK(api::decide(q).statements.size() == 1);
  q.collect_details = true;
  AuthzDecision d = api::decide(q);
  REQUIRE(d.statements.size() == 2);
  CHECK(d.statements[0].policy_id == "a");
  CHECK(d.statements[1].policy_id == "b");
  CHECK(d.keys_missing == std::vector<std::string>{"aws:PrincipalTag/team"});
  CHECK(d.keys_asked == std::vector<std::string>{"aws:PrincipalTag/team"});
}
