#include "policy/evaluator.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace localiam::policy;

namespace {

CompiledPolicy compile(const std::string& doc, PolicyKind kind = PolicyKind::kIdentity) {
  auto r = compile_policy(doc, kind);
  INFO(doc);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string allow(const std::string& action, const std::string& resource = "*",
                  const std::string& extra = "") {
  return R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":")" + action +
         R"(","Resource":")" + resource + "\"" + extra + "}}";
}
std::string deny(const std::string& action, const std::string& resource = "*") {
  return R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":")" + action +
         R"(","Resource":")" + resource + "\"}}";
}

const RequestPrincipal kAlice{"arn:aws:iam::111111111111:user/alice", "111111111111", "", "", ""};

struct Scenario {
  std::vector<CompiledPolicy> identity, boundary, session;
  std::optional<CompiledPolicy> resource;
  std::string resource_account;
  bool root = false, has_boundary = false, has_session = false;
  RequestPrincipal principal = kAlice;
  ContextKeys context;

  EvaluationResult run(const std::string& action, const std::string& resource_arn) {
    std::vector<PolicyInput> id, b, s;
    for (size_t i = 0; i < identity.size(); ++i)
      id.push_back({&identity[i], "identity" + std::to_string(i + 1), SourceType::kUser});
    for (auto& p : boundary) b.push_back({&p, "boundary", SourceType::kUserManaged});
    for (auto& p : session) s.push_back({&p, "session", SourceType::kNone});
    PolicyInput r{resource ? &*resource : nullptr, "resource", SourceType::kResource};
    EvaluationInput in;
    in.identity = id;
    in.has_boundary = has_boundary;
    in.boundary = b;
    in.has_session = has_session;
    in.session = s;
    in.resource = resource ? &r : nullptr;
    in.resource_account = resource_account;
    in.principal_is_root = root;
    in.collect_details = true;
    AuthzRequest req{action, resource_arn, &principal, &context};
    EvaluationResult result = evaluate(in, req);
    // The sources point into this frame; callers look only at values.
    for (auto& m : result.matched) m.source = nullptr;
    return result;
  }
};

const std::string kUserArn = "arn:aws:iam::111111111111:user/bob";

}  // namespace

TEST_CASE("Evaluation: default deny, allow, explicit deny wins", "[policy]") {
  Scenario s;
  auto r = s.run("iam:CreateUser", kUserArn);
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(denial_reason(r, "iam:CreateUser") ==
        "because no identity-based policy allows the iam:CreateUser action");

  s.identity.push_back(compile(allow("iam:*")));
  r = s.run("iam:CreateUser", kUserArn);
  CHECK(r.decision == Decision::kAllowed);
  REQUIRE(r.matched.size() == 1);
  CHECK(r.matched[0].effect == Effect::kAllow);

  s.identity.push_back(compile(deny("iam:Create*")));
  r = s.run("iam:CreateUser", kUserArn);
  CHECK(r.decision == Decision::kExplicitDeny);
  REQUIRE(r.matched.size() == 1);
  CHECK(r.matched[0].effect == Effect::kDeny);
  CHECK(denial_reason(r, "iam:CreateUser") == "with an explicit deny in an identity-based policy");
  CHECK(s.run("iam:GetUser", kUserArn).decision == Decision::kAllowed);
}

TEST_CASE("Evaluation: actions ignore case, resources do not", "[policy]") {
  Scenario s;
  s.identity.push_back(compile(allow("IAM:createuser", "arn:aws:iam::111111111111:user/b*")));
  CHECK(s.run("iam:CreateUser", kUserArn).decision == Decision::kAllowed);
  CHECK(s.run("iam:CreateUser", "arn:aws:iam::111111111111:user/Bob").decision ==
        Decision::kImplicitDeny);
  CHECK(s.run("iam:DeleteUser", kUserArn).decision == Decision::kImplicitDeny);
}

TEST_CASE("Evaluation: NotAction and NotResource", "[policy]") {
  Scenario s;
  s.identity.push_back(compile(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},)"
      R"({"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::111111111111:user/admin*"}]})"));
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::b/k").decision == Decision::kAllowed);
  CHECK(s.run("iam:DeleteUser", kUserArn).decision == Decision::kAllowed);
  CHECK(s.run("iam:DeleteUser", "arn:aws:iam::111111111111:user/admin1").decision ==
        Decision::kImplicitDeny);
}

TEST_CASE("Evaluation: permissions boundary limits identity policies (AWS example)", "[policy]") {
  // AWS's boundary example: the identity policy allows iam:CreateUser, the boundary only allows
  // s3, cloudwatch and ec2, so CreateUser is implicitly denied by the boundary.
  Scenario s;
  s.identity.push_back(compile(allow("iam:CreateUser")));
  s.has_boundary = true;
  s.boundary.push_back(compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}})"));
  auto r = s.run("iam:CreateUser", kUserArn);
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.boundary == Decision::kImplicitDeny);
  CHECK(denial_reason(r, "iam:CreateUser") ==
        "because no permissions boundary allows the iam:CreateUser action");
  // The boundary alone grants nothing either.
  r = s.run("s3:GetObject", "arn:aws:s3:::b/k");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.boundary == Decision::kAllowed);
  s.identity.push_back(compile(allow("s3:*")));
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::b/k").decision == Decision::kAllowed);
  // A Deny in the boundary is an explicit deny.
  s.boundary.push_back(compile(deny("s3:GetObject")));
  r = s.run("s3:GetObject", "arn:aws:s3:::b/k");
  CHECK(r.decision == Decision::kExplicitDeny);
  CHECK(denial_reason(r, "s3:GetObject") == "with an explicit deny in a permissions boundary");
}

TEST_CASE("Evaluation: session policies intersect the role's permissions", "[policy]") {
  Scenario s;
  s.principal = {"arn:aws:sts::111111111111:assumed-role/R/s", "111111111111",
                 "arn:aws:iam::111111111111:role/R", "", ""};
  s.identity.push_back(compile(allow("s3:*")));
  s.has_session = true;
  s.session.push_back(compile(allow("s3:GetObject")));
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::b/k").decision == Decision::kAllowed);
  auto r = s.run("s3:PutObject", "arn:aws:s3:::b/k");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.decided_by == DecidedBy::kSession);
  CHECK(denial_reason(r, "s3:PutObject") ==
        "because no session policy allows the s3:PutObject action");
  // The session policy cannot grant what the role lacks.
  CHECK(s.run("iam:GetUser", kUserArn).decision == Decision::kImplicitDeny);
}

TEST_CASE("Evaluation: same-account resource-based policies", "[policy]") {
  // Within one account, a resource-based policy naming the user is enough on its own, even
  // with a boundary that does not allow the action.
  Scenario s;
  s.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  s.resource_account = "111111111111";
  s.has_boundary = true;
  s.boundary.push_back(compile(allow("s3:*")));
  CHECK(s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision == Decision::kAllowed);

  // Naming the account instead: the identity side must allow (AWS: the account delegates).
  Scenario t;
  t.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  t.resource_account = "111111111111";
  auto denied = t.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R");
  CHECK(denied.decision == Decision::kImplicitDeny);
  CHECK(denied.resource_allows);
  CHECK(denial_reason(denied, "sts:AssumeRole") ==
        "because no identity-based policy allows the sts:AssumeRole action");
  t.identity.push_back(compile(allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/R")));
  CHECK(t.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision == Decision::kAllowed);
  // The bare account ID delegates in the same way.
  Scenario id;
  id.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  id.resource_account = "111111111111";
  CHECK(id.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision ==
        Decision::kImplicitDeny);
  id.identity.push_back(compile(allow("sts:AssumeRole")));
  CHECK(id.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision ==
        Decision::kAllowed);
  // An identity allow for another role does not count.
  Scenario other = std::move(t);
  other.identity.clear();
  other.identity.push_back(compile(allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/X")));
  CHECK(other.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision ==
        Decision::kImplicitDeny);
  // Everyone ("*") covers the principal itself, as naming it does.
  Scenario everyone;
  everyone.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  everyone.resource_account = "111111111111";
  CHECK(everyone.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision ==
        Decision::kAllowed);
  // A statement naming both the account and the principal names the principal.
  Scenario both;
  both.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::111111111111:user/alice"]},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  both.resource_account = "111111111111";
  CHECK(both.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision ==
        Decision::kAllowed);
  // Another principal is not covered by a statement naming alice.
  s.principal = {"arn:aws:iam::111111111111:user/carol", "111111111111", "", "", ""};
  s.boundary.clear();
  s.has_boundary = false;
  auto r = s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R");
  CHECK(r.decision == Decision::kImplicitDeny);
}

TEST_CASE("Evaluation: cross-account access needs both sides", "[policy]") {
  Scenario s;
  s.principal = {"arn:aws:iam::222222222222:user/dave", "222222222222", "", "", ""};
  s.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  s.resource_account = "111111111111";
  auto r = s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.decided_by == DecidedBy::kIdentity);
  s.identity.push_back(compile(allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/*")));
  CHECK(s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").decision == Decision::kAllowed);
  // Without the trust policy's allow, the identity allow is not enough.
  s.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole"}})",
      PolicyKind::kTrust);
  r = s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(denial_reason(r, "sts:AssumeRole") ==
        "because no resource-based policy allows the sts:AssumeRole action");
}

TEST_CASE("Evaluation: trust policy with an ExternalId condition", "[policy]") {
  Scenario s;
  s.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"secret-123"}}}})",
      PolicyKind::kTrust);
  s.resource_account = "111111111111";
  s.identity.push_back(compile(allow("sts:AssumeRole")));
  auto r = s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R");
  CHECK(r.decision == Decision::kAllowed);  // identity allows; the trust statement does not apply
  CHECK_FALSE(r.resource_allows);
  CHECK(r.missing_keys == std::vector<std::string>{"sts:ExternalId"});
  s.context.set("sts:ExternalId", "secret-123");
  CHECK(s.run("sts:AssumeRole", "arn:aws:iam::111111111111:role/R").resource_allows);
}

TEST_CASE("Evaluation: the account root is not limited by identity policies", "[policy]") {
  Scenario s;
  s.root = true;
  s.principal = {"arn:aws:iam::111111111111:root", "111111111111", "", "", ""};
  auto r = s.run("iam:CreateUser", kUserArn);
  CHECK(r.decision == Decision::kAllowed);
  CHECK(r.decided_by == DecidedBy::kRoot);
}

TEST_CASE("Evaluation: policy variables in resources", "[policy]") {
  Scenario s;
  s.identity.push_back(compile(allow("s3:*", "arn:aws:s3:::bucket/home/${aws:username}/*")));
  s.context.set("aws:username", "alice");
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::bucket/home/alice/a.txt").decision ==
        Decision::kAllowed);
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::bucket/home/bob/a.txt").decision ==
        Decision::kImplicitDeny);
  // Version 2008-10-17 has no variables: the text is literal.
  Scenario old;
  old.identity.push_back(compile(
      R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:username}"}})"));
  old.context.set("aws:username", "alice");
  CHECK(old.run("s3:GetObject", "arn:aws:s3:::bucket/alice").decision == Decision::kImplicitDeny);
  CHECK(old.run("s3:GetObject", "arn:aws:s3:::bucket/${aws:username}").decision ==
        Decision::kAllowed);
}

TEST_CASE("Evaluation: the simulator's '*' resource is the text '*'", "[policy]") {
  // AWS's simulator without ResourceArns: only patterns covering "*" itself apply.
  Scenario s;
  s.identity.push_back(compile(allow("s3:GetObject", "arn:aws:s3:::bucket/*")));
  auto r = s.run("s3:GetObject", "*");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.matched.empty());
  s.identity.push_back(compile(allow("s3:GetObject", "arn:aws:s3:::*")));
  CHECK(s.run("s3:GetObject", "*").decision == Decision::kImplicitDeny);
  s.identity.push_back(compile(allow("s3:GetObject", "*")));
  r = s.run("s3:GetObject", "*");
  CHECK(r.decision == Decision::kAllowed);
  CHECK(r.matched.size() == 1);
  // A Deny scoped to an ARN does not apply to "*"; a Deny on "*" does.
  s.identity.push_back(compile(deny("s3:GetObject", "arn:aws:s3:::bucket/secret")));
  CHECK(s.run("s3:GetObject", "*").decision == Decision::kAllowed);
  s.identity.push_back(compile(deny("s3:*", "*")));
  CHECK(s.run("s3:GetObject", "*").decision == Decision::kExplicitDeny);
  // NotResource: "*" is not the excluded ARN, so the statement applies.
  Scenario n;
  n.identity.push_back(compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/*"}})"));
  CHECK(n.run("s3:GetObject", "*").decision == Decision::kAllowed);
}

TEST_CASE("Evaluation: an unknown resource is covered by every pattern", "[policy]") {
  // Enforce mode asks with resource_unknown where it cannot name the resource.
  CompiledPolicy scoped = compile(allow("s3:GetObject", "arn:aws:s3:::bucket/*"));
  CompiledPolicy not_star = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","NotResource":"*"}})");
  for (const CompiledPolicy* p : {&scoped, &not_star}) {
    std::vector<PolicyInput> id{{p, "identity", SourceType::kUser}};
    EvaluationInput in;
    in.identity = id;
    ContextKeys context;
    AuthzRequest req{"s3:GetObject", "*", &kAlice, &context};
    req.resource_unknown = true;
    CHECK(evaluate(in, req).decision ==
          (p == &scoped ? Decision::kAllowed : Decision::kImplicitDeny));
  }
}

TEST_CASE("Evaluation: conditions and missing context values", "[policy]") {
  Scenario s;
  s.identity.push_back(compile(
      allow("dynamodb:*", "*",
            R"(,"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}})")));
  auto r = s.run("dynamodb:CreateBackup", "*");
  CHECK(r.decision == Decision::kImplicitDeny);
  CHECK(r.missing_keys == std::vector<std::string>{"aws:CurrentTime"});
  s.context.set("aws:CurrentTime", "2019-04-25T11:00:00Z");
  r = s.run("dynamodb:CreateBackup", "*");
  CHECK(r.decision == Decision::kAllowed);
  CHECK(r.missing_keys.empty());
  s.context.set("aws:CurrentTime", "2014-04-25T11:00:00Z");
  CHECK(s.run("dynamodb:CreateBackup", "*").decision == Decision::kImplicitDeny);
}

TEST_CASE("context_keys_of: keys in document order (AWS CLI example)", "[policy]") {
  auto p = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}})");
  CHECK(context_keys_of(p) == std::vector<std::string>{"aws:username", "aws:CurrentTime"});
}

TEST_CASE("NotPrincipal excludes the named principals", "[policy]") {
  Scenario s;
  s.resource = compile(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:*","Resource":"*"}})",
      PolicyKind::kSession);
  s.identity.push_back(compile(allow("s3:*")));
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::b/k").decision == Decision::kAllowed);
  s.principal = {"arn:aws:iam::111111111111:user/bob", "111111111111", "", "", ""};
  CHECK(s.run("s3:GetObject", "arn:aws:s3:::b/k").decision == Decision::kExplicitDeny);
}
