#include "policy/policy_document.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "data/managed_policy_catalog.hpp"

using localiam::policy::policy_size_without_whitespace;
using localiam::policy::PolicyKind;
using localiam::policy::validate_policy_document;

namespace {

constexpr PolicyKind kIdentity = PolicyKind::kIdentity;
constexpr PolicyKind kTrust = PolicyKind::kTrust;
constexpr PolicyKind kSession = PolicyKind::kSession;

struct Case {
  const char* what;
  PolicyKind kind;
  std::string document;
  std::string message;  // empty: the document is valid
};

const char* kind_name(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kIdentity:
      return "identity";
    case PolicyKind::kTrust:
      return "trust";
    case PolicyKind::kSession:
      return "session";
  }
  return "?";
}

void run(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.what << " [" << kind_name(c.kind) << "]: " << c.document.substr(0, 300));
    const auto status = validate_policy_document(c.document, c.kind);
    if (c.message.empty()) {
      if (!status.ok()) FAIL_CHECK("rejected: " << status.error().message);
    } else {
      REQUIRE_FALSE(status.ok());
      CHECK(status.error().code == "MalformedPolicyDocument");
      CHECK(status.error().http_status == 400);
      CHECK(status.error().message == c.message);
    }
  }
}

// An identity policy with one statement whose body is `statement` (without braces).
std::string identity(const std::string& statement) {
  return R"({"Version":"2012-10-17","Statement":[{)" + statement + "}]}";
}
std::string allow(const std::string& action, const std::string& resource) {
  return identity(R"("Effect":"Allow","Action":)" + action + R"(,"Resource":)" + resource);
}
std::string trust(const std::string& statement) {
  return R"({"Version":"2012-10-17","Statement":[{)" + statement + "}]}";
}

const std::string kSyntax = "Syntax errors in policy.";
const std::string kTrustJson = "This policy contains invalid Json";
const std::string kSessionJson = "The policy is not in the valid JSON format.";
const std::string kOldVersion = "Policy document must be version 2012-10-17 or greater.";
const std::string kNeedsActions = "Policy statement must contain actions.";
const std::string kNeedsResources = "Policy statement must contain resources.";
const std::string kNoVendor =
    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
const std::string kOneColon = "Actions/Condition can contain only one colon.";
const std::string kNoPrincipalAllowed = "Policy document should not specify a principal.";
const std::string kStsOnly = "AssumeRole policy may only specify STS AssumeRole actions.";
const std::string kDuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
const std::string kSidChars =
    "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular "
    "expression [0-9A-Za-z]*";

const std::string kTutorialIdentity =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:GitPull",)"
    R"("codecommit:GitPush"],"Resource":"*"}]})";
const std::string kTutorialTrustAccount =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
    R"("arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]})";
const std::string kTutorialTrustService =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":)"
    R"("ec2.amazonaws.com"},"Action":"sts:AssumeRole"}})";

}  // namespace

TEST_CASE("valid documents are accepted", "[policy]") {
  run({
      {"AWS tutorial identity policy", kIdentity, kTutorialIdentity, ""},
      {"AWS tutorial identity policy as session policy", kSession, kTutorialIdentity, ""},
      {"AWS tutorial trust policy (account)", kTrust, kTutorialTrustAccount, ""},
      {"AWS tutorial trust policy (service, single statement)", kTrust, kTutorialTrustService, ""},
      {"pretty-printed", kIdentity,
       "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": "
       "\"ReadLogs\",\n"
       "      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:Get*\", \"logs:Describe*\"],\n"
       "      \"Resource\": \"arn:aws:logs:us-east-1:123456789012:log-group:app:*\"\n    }\n  "
       "]\n}\n",
       ""},
      {"single statement object", kIdentity,
       R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}})", ""},
      {"Id and Sids", kIdentity,
       R"({"Version":"2012-10-17","Id":"my policy","Statement":[)"
       R"({"Sid":"One","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},)"
       R"({"Sid":"Two2","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},)"
       R"({"Effect":"Allow","Action":"s3:PutObject","Resource":"*"},)"
       R"({"Effect":"Allow","Action":"s3:DeleteObject","Resource":"*"}]})",
       ""},
      {"NotAction and NotResource", kIdentity,
       identity(R"("Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:s3:::b/*"])"), ""},
      {"wildcards, variables and colons in the resource part", kIdentity,
       allow(R"(["s3:Get*","ec2:*","*"])",
             R"(["arn:aws:s3:::bucket/${aws:username}/*","arn:*:s3:::b","arn:aws:dynamodb:)"
             R"(us-east-1:123456789012:table/t/index/*","arn:aws:iam::123456789012:user/a:b"])"),
       ""},
      {"a wildcard standing for the remaining ARN fields (the tutorial's policy)", kIdentity,
       allow(R"(["codecommit:GitPull","codecommit:GitPush"])",
             R"(["arn:aws:codecommit:*","arn:aws:codecommit:us-east-1:*"])"),
       ""},
      {"every known partition", kIdentity,
       allow(R"("s3:GetObject")",
             R"(["arn:aws:s3:::b","arn:aws-cn:s3:::b","arn:aws-us-gov:s3:::b",)"
             R"("arn:aws-iso:s3:::b","arn:aws-iso-b:s3:::b","arn:aws-iso-e:s3:::b",)"
             R"("arn:aws-iso-f:s3:::b","arn:aws-eusc:s3:::b"])"),
       ""},
      {"vendor with a hyphen and digits", kIdentity,
       allow(R"(["access-analyzer:List*","route53:ListHostedZones","s3-object-lambda:Get*"])",
             R"("*")"),
       ""},
      {"IAM resource without region", kIdentity,
       allow(R"("iam:GetUser")", R"("arn:aws:iam::123456789012:user/alice")"), ""},
      {"conditions of every value type", kIdentity,
       identity(R"("Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{)"
                R"("StringEquals":{"aws:username":["a","b"],"s3:prefix":"home/"},)"
                R"("NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":false},)"
                R"("ForAnyValue:StringLike":{"aws:TagKeys":["x*",1.5,true]},"Null":{}})"),
       ""},
      {"duplicate keys: the last occurrence wins", kIdentity,
       identity(R"("Effect":"Bogus","Effect":"Allow","Action":"nope","Action":"s3:GetObject",)"
                R"("Resource":"*")"),
       ""},
      {"trust: 2008-10-17", kTrust,
       R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":)"
       R"("lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
       ""},
      {"trust: no Version", kTrust,
       R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]})", ""},
      {"trust: web identity with conditions", kTrust,
       trust(R"("Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:)"
             R"(oidc-provider/token.actions.githubusercontent.com"},"Action":)"
             R"("sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{)"
             R"("token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}})"),
       ""},
      {"trust: every STS action, any case, several principal types", kTrust,
       trust(
           R"("Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root",)"
           R"("222222222222"],"Service":["ec2.amazonaws.com"],"CanonicalUser":"abc"},)"
           R"("Action":["sts:AssumeRole","STS:ASSUMEROLEWITHSAML","sts:AssumeRoleWithWebIdentity",)"
           R"("sts:TagSession","sts:SetSourceIdentity","sts:SetContext","sts:*","*"])"),
       ""},
      {"trust: NotPrincipal counts as a principal", kTrust,
       trust(R"("Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"sts:*")"),
       ""},
      {"trust: Sids are not restricted to alphanumerics", kTrust,
       trust(R"("Sid":"allow ec2-1","Effect":"Allow","Principal":{"Service":)"
             R"("ec2.amazonaws.com"},"Action":"sts:AssumeRole")"),
       ""},
  });
}

TEST_CASE("text that is not JSON gets each kind's message", "[policy]") {
  const std::vector<std::string> not_json = {
      "",
      "   ",
      "not json",
      "{",
      R"({"Version":"2012-10-17",})",
      R"({"Version":"2012-10-17"} {})",
      R"({'Version':'2012-10-17'})",
      std::string(R"({"Version":"2012-10-17"})") + '\0' + "junk",
      std::string(R"({"Version":"2012-)") + '\0' + R"(10-17"})",
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\xff\xfe\"}]}",  // invalid UTF-8
      "{\"Version\":\"\xc3\x28\"}",                                           // bad continuation
      std::string(100000, '['),                                               // deep, unterminated
      std::string(5000, '[') + std::string(5000, ']'),                        // deep, well-formed
      R"({"Version":1e999})",
  };
  for (const std::string& doc : not_json) {
    run({{"not JSON", kIdentity, doc, kSyntax},
         {"not JSON", kTrust, doc, kTrustJson},
         {"not JSON", kSession, doc, kSessionJson}});
  }
}

TEST_CASE("Version rules differ between identity and trust policies", "[policy]") {
  const std::string st = R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})";
  const std::string tst = R"({"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"})";
  run({
      {"no Version", kIdentity, R"({"Statement":[)" + st + "]}", kOldVersion},
      {"2008-10-17", kIdentity, R"({"Version":"2008-10-17","Statement":[)" + st + "]}",
       kOldVersion},
      {"no Version", kSession, R"({"Statement":[)" + st + "]}", kOldVersion},
      {"unknown version", kIdentity, R"({"Version":"2012-10-18","Statement":[)" + st + "]}",
       kSyntax},
      {"Version not a string", kIdentity, R"({"Version":2012,"Statement":[)" + st + "]}", kSyntax},
      {"unknown version", kTrust, R"({"Version":"2010-01-01","Statement":[)" + tst + "]}", kSyntax},
  });
}

TEST_CASE("documents outside the policy grammar are syntax errors", "[policy]") {
  const std::string st = R"("Effect":"Allow","Action":"s3:GetObject","Resource":"*")";
  const std::string tst = R"("Effect":"Allow","Principal":"*","Action":"sts:AssumeRole")";
  run({
      {"not an object", kIdentity, R"(["Version"])", kSyntax},
      {"not an object", kTrust, R"("x")", kSyntax},
      {"Statement missing", kIdentity, R"({"Version":"2012-10-17"})", kSyntax},
      {"Statement missing", kTrust, R"({"Version":"2012-10-17"})", kSyntax},
      {"Statement empty", kIdentity, R"({"Version":"2012-10-17","Statement":[]})", kSyntax},
      {"Statement a string", kIdentity, R"({"Version":"2012-10-17","Statement":"x"})", kSyntax},
      {"Statement list of non-objects", kIdentity,
       R"({"Version":"2012-10-17","Statement":[")" + st + R"("]})", kSyntax},
      {"unknown top-level key", kIdentity, R"({"Version":"2012-10-17","Statment":[{)" + st + "}]}",
       kSyntax},
      {"top-level keys are case-sensitive", kIdentity,
       R"({"version":"2012-10-17","Statement":[{)" + st + "}]}", kSyntax},
      {"unknown top-level key", kTrust,
       R"({"Version":"2012-10-17","Foo":1,"Statement":[{)" + tst + "}]}", kSyntax},
      {"Id not a string", kIdentity,
       R"({"Version":"2012-10-17","Id":[],"Statement":[{)" + st + "}]}", kSyntax},
      {"unknown statement key", kIdentity, identity(st + R"(,"Actions":"s3:*")"), kSyntax},
      {"unknown statement key", kTrust, trust(tst + R"(,"Conditions":{})"), kSyntax},
      {"Sid not a string", kIdentity, identity(st + R"(,"Sid":1)"), kSyntax},
      {"Effect missing", kIdentity, identity(R"("Action":"s3:*","Resource":"*")"), kSyntax},
      {"Effect neither allow nor deny", kIdentity,
       identity(R"("Effect":"Permit","Action":"s3:*","Resource":"*")"), kSyntax},
      {"unknown condition operator with a key", kIdentity,
       identity(st + R"(,"Condition":{"StringEqualz":{"aws:username":"a"}})"), kSyntax},
      {"unknown condition operator with a key", kTrust,
       trust(tst + R"(,"Condition":{"ForAnyValue::StringLike":{"aws:username":"a"}})"), kSyntax},
      {"operator names are case-sensitive", kIdentity,
       identity(st + R"(,"Condition":{"stringEquals":{"aws:username":"a"}})"), kSyntax},
      {"Null has no IfExists form", kIdentity,
       identity(st + R"(,"Condition":{"NullIfExists":{"aws:username":"true"}})"), kSyntax},
      {"Effect not a string", kTrust, trust(R"("Effect":true,"Principal":"*","Action":"sts:*")"),
       kSyntax},
      {"Action and NotAction", kIdentity, identity(st + R"(,"NotAction":"s3:PutObject")"), kSyntax},
      {"Resource and NotResource", kIdentity, identity(st + R"(,"NotResource":"*")"), kSyntax},
      {"Action list with a number", kIdentity, allow(R"(["s3:GetObject",1])", R"("*")"), kSyntax},
      {"Action an object", kIdentity, allow(R"({"s3":"GetObject"})", R"("*")"), kSyntax},
      {"Action null", kIdentity, allow("null", R"("*")"), kSyntax},
      {"Resource list with a list", kIdentity, allow(R"("s3:GetObject")", R"([["*"]])"), kSyntax},
      {"Principal a plain ARN", kTrust,
       trust(R"("Effect":"Allow","Principal":"arn:aws:iam::1:root","Action":"sts:AssumeRole")"),
       kSyntax},
      {"Principal empty object", kTrust,
       trust(R"("Effect":"Allow","Principal":{},"Action":"sts:AssumeRole")"), kSyntax},
      {"Principal unknown type", kTrust,
       trust(R"("Effect":"Allow","Principal":{"User":"x"},"Action":"sts:AssumeRole")"), kSyntax},
      {"Principal empty list", kTrust,
       trust(R"("Effect":"Allow","Principal":{"AWS":[]},"Action":"sts:AssumeRole")"), kSyntax},
      {"Principal number", kTrust,
       trust(R"("Effect":"Allow","Principal":{"AWS":123456789012},"Action":"sts:AssumeRole")"),
       kSyntax},
      {"Principal and NotPrincipal", kTrust,
       trust(R"("Effect":"Deny","Principal":"*","NotPrincipal":"*","Action":"sts:AssumeRole")"),
       kSyntax},
      {"Condition a string", kIdentity, identity(st + R"(,"Condition":"x")"), kSyntax},
      {"Condition operator not an object", kIdentity,
       identity(st + R"(,"Condition":{"StringEquals":["a"]})"), kSyntax},
      {"Condition value null", kIdentity,
       identity(st + R"(,"Condition":{"StringEquals":{"aws:username":null}})"), kSyntax},
      {"Condition value an object", kTrust,
       trust(tst + R"(,"Condition":{"StringEquals":{"aws:username":{"a":"b"}}})"), kSyntax},
      {"Condition value nested list", kIdentity,
       identity(st + R"(,"Condition":{"StringEquals":{"aws:username":[["a"]]}})"), kSyntax},
      {"nesting deeper than the grammar", kIdentity,
       identity(st + R"(,"Condition":{"StringEquals":{"k":)" + std::string(40, '[') +
                std::string(40, ']') + "}}"),
       kSyntax},
  });
}

TEST_CASE("statements must say what they allow", "[policy]") {
  run({
      {"no Action", kIdentity, identity(R"("Effect":"Allow","Resource":"*")"), kNeedsActions},
      {"empty Action list", kIdentity, allow("[]", R"("*")"), kNeedsActions},
      {"empty NotAction list", kIdentity,
       identity(R"("Effect":"Allow","NotAction":[],"Resource":"*")"), kNeedsActions},
      {"no Action", kSession, identity(R"("Effect":"Allow","Resource":"*")"), kNeedsActions},
      {"no Action", kTrust, trust(R"("Effect":"Allow","Principal":"*")"), kNeedsActions},
      {"no Resource", kIdentity, identity(R"("Effect":"Allow","Action":"s3:*")"), kNeedsResources},
      {"empty Resource list", kIdentity, allow(R"("s3:*")", "[]"), kNeedsResources},
      {"no Resource", kSession, identity(R"("Effect":"Allow","Action":"s3:*")"), kNeedsResources},
  });
}

TEST_CASE("actions need one vendor prefix", "[policy]") {
  run({
      {"no vendor", kIdentity, allow(R"("GetObject")", R"("*")"), kNoVendor},
      {"empty action", kIdentity, allow(R"([""])", R"("*")"), kNoVendor},
      {"no vendor in NotAction", kIdentity,
       identity(R"("Effect":"Deny","NotAction":["s3:GetObject","iam"],"Resource":"*")"), kNoVendor},
      {"two colons", kIdentity, allow(R"("s3:Get:Object")", R"("*")"), kOneColon},
      {"two colons", kSession, allow(R"(["s3::GetObject"])", R"("*")"), kOneColon},
      {"invalid vendor", kIdentity, allow(R"("s3_x:GetObject")", R"("*")"),
       "Vendor s3_x is not valid"},
      {"empty vendor", kIdentity, allow(R"(":GetObject")", R"("*")"), "Vendor  is not valid"},
      {"wildcard vendor", kIdentity, allow(R"("s*:GetObject")", R"("*")"),
       "Vendor s* is not valid"},
  });
}

TEST_CASE("resources must be ARNs in a known partition", "[policy]") {
  run({
      {"bucket name", kIdentity, allow(R"("s3:*")", R"("my-bucket")"),
       R"(Resource my-bucket must be in ARN format or "*".)"},
      {"nothing after the partition", kIdentity, allow(R"("s3:*")", R"(["*","arn:aws"])"),
       "Resource vendor must be fully qualified and cannot contain regexes."},
      {"three fields are enough", kIdentity, allow(R"("s3:*")", R"(["*","arn:aws:s3"])"), ""},
      // IAM reads the first field as "arn" whatever it says (it shows "arn:" in its messages for
      // "aws:s3:::b"), so an upper-case prefix passes.
      {"upper-case prefix", kSession, allow(R"("s3:*")", R"("ARN:aws:s3:::b")"), ""},
      {"no arn: prefix", kIdentity, allow(R"("s3:*")", R"("aws:s3:::b")"),
       R"(Partition "s3" is not valid for resource "arn:s3:::b:*".)"},
      {"unknown partition", kIdentity, allow(R"("s3:*")", R"("arn:aws-moon:s3:::b")"),
       R"(Partition "aws-moon" is not valid for resource "arn:aws-moon:s3:::b".)"},
      {"empty partition", kIdentity, allow(R"("s3:*")", R"("arn::s3:::b")"),
       R"(Partition "" is not valid for resource "arn::s3:::b".)"},
      {"IAM with region", kIdentity,
       allow(R"("iam:GetUser")", R"("arn:aws:iam:us-east-1:123456789012:user/a")"),
       "IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region "
       "information."},
      {"IAM with region in NotResource", kIdentity,
       identity(R"("Effect":"Deny","Action":"iam:*","NotResource":"arn:aws:iam:*:1:role/r")"),
       "IAM resource arn:aws:iam:*:1:role/r cannot contain region information."},
  });
}

TEST_CASE("legacy parsing: Effect case and Date values, in every kind of policy", "[policy]") {
  const std::string legacy = "The policy failed legacy parsing";
  const std::string st = R"("Action":"s3:*","Resource":"*")";
  const std::string tst =
      R"("Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole")";
  auto date = [](const std::string& op, const std::string& value) {
    return R"(,"Condition":{")" + op + R"(":{"aws:CurrentTime":)" + value + "}}";
  };
  run({
      {"Effect allow", kIdentity, identity(R"("Effect":"allow",)" + st), legacy},
      {"Effect DENY", kSession, identity(R"("Effect":"DENY",)" + st), legacy},
      {"Effect aLLow", kTrust, trust(R"("Effect":"aLLow",)" + tst), legacy},
      {"bad date", kIdentity, identity(R"("Effect":"Allow",)" + st + date("DateLessThan", "\"x\"")),
       legacy},
      {"bad date in a list, IfExists form", kTrust,
       trust(R"("Effect":"Allow",)" + tst +
             date("ForAnyValue:DateEqualsIfExists", R"(["2020-01-01","2020-02-30"])")),
       legacy},
      {"bad date", kSession,
       identity(R"("Effect":"Deny",)" + st + date("DateNotEquals", R"("2020-01-01T25:00:00Z")")),
       legacy},
      {"epoch seconds as a JSON number", kIdentity,
       identity(R"("Effect":"Allow",)" + st + date("DateGreaterThan", "1500000000")), ""},
      {"ISO dates with offsets", kTrust,
       trust(R"("Effect":"Allow",)" + tst +
             date("DateLessThan", R"(["2030-01-01T00:00:00-05:00","2030-01-01T00:00:00.5+0530"])")),
       ""},
      {"a string operator does not read dates", kIdentity,
       identity(R"("Effect":"Allow",)" + st + date("StringEquals", R"("not a date")")), ""},
      // Legacy parsing comes after the Version check and before Sids and missing actions.
      {"no Version beats Effect case", kIdentity, R"({"Statement":{"Effect":"allow",)" + st + "}}",
       kOldVersion},
      {"Effect case beats duplicate Sids", kIdentity,
       R"({"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"allow",)" + st +
           R"(},{"Sid":"a","Effect":"Allow",)" + st + "}]}",
       legacy},
      {"bad date beats a missing Action", kIdentity,
       identity(R"("Effect":"Allow","Resource":"*")" + date("DateLessThan", "\"x\"")), legacy},
      {"bad date beats a missing Principal", kTrust,
       trust(R"("Effect":"Allow","Action":"sts:AssumeRole")" + date("DateLessThan", "\"x\"")),
       legacy},
  });
}

TEST_CASE("Sids are unique (and alphanumeric in identity policies)", "[policy]") {
  const std::string st = R"("Effect":"Allow","Action":"s3:*","Resource":"*")";
  const std::string tst = R"("Effect":"Allow","Principal":"*","Action":"sts:AssumeRole")";
  run({
      {"duplicate", kIdentity,
       R"({"Version":"2012-10-17","Statement":[{"Sid":"A",)" + st + R"(},{"Sid":"B",)" + st +
           R"(},{"Sid":"A",)" + st + "}]}",
       kDuplicateSid},
      {"duplicate", kTrust,
       R"({"Version":"2012-10-17","Statement":[{"Sid":"x y",)" + tst + R"(},{"Sid":"x y",)" + tst +
           "}]}",
       kDuplicateSid},
      {"duplicate", kSession,
       R"({"Version":"2012-10-17","Statement":[{"Sid":"S",)" + st + R"(},{"Sid":"S",)" + st + "}]}",
       kDuplicateSid},
      {"Sids differing in case are distinct", kIdentity,
       R"({"Version":"2012-10-17","Statement":[{"Sid":"a",)" + st + R"(},{"Sid":"A",)" + st + "}]}",
       ""},
      {"hyphen", kIdentity, identity(R"("Sid":"Allow-S3",)" + st), kSidChars},
      {"space", kIdentity, identity(R"("Sid":"Allow S3",)" + st), kSidChars},
  });
}

TEST_CASE("principals belong in trust policies only", "[policy]") {
  const std::string st = R"("Effect":"Allow","Action":"s3:*","Resource":"*")";
  run({
      {"Principal", kIdentity, identity(st + R"(,"Principal":{"AWS":"*"})"), kNoPrincipalAllowed},
      {"Principal *", kIdentity, identity(st + R"(,"Principal":"*")"), kNoPrincipalAllowed},
      {"NotPrincipal", kIdentity, identity(st + R"(,"NotPrincipal":{"AWS":"arn:aws:iam::1:root"})"),
       kNoPrincipalAllowed},
      {"Principal", kSession, identity(st + R"(,"Principal":{"Service":"ec2.amazonaws.com"})"),
       kNoPrincipalAllowed},
      {"trust without Principal", kTrust, trust(R"("Effect":"Allow","Action":"sts:AssumeRole")"),
       "Missing required field Principal"},
  });
}

TEST_CASE("trust policies: no resources, STS actions only", "[policy]") {
  run({
      {"Resource", kTrust,
       trust(R"("Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*")"),
       "Has prohibited field Resource"},
      {"NotResource", kTrust,
       trust(R"("Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","NotResource":"*")"),
       "Has prohibited field NotResource"},
      {"identity policy pasted as trust policy", kTrust, kTutorialIdentity,
       "Has prohibited field Resource"},
      {"S3 action", kTrust,
       trust(R"("Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":)"
             R"("s3:GetObject")"),
       kStsOnly},
      {"one bad action among good ones", kTrust,
       trust(
           R"("Effect":"Allow","Principal":"*","Action":["sts:AssumeRole","sts:GetCallerIdentity"])"),
       kStsOnly},
      {"prefix wildcard", kTrust,
       trust(R"("Effect":"Allow","Principal":"*","Action":"sts:Assume*")"), kStsOnly},
      {"NotAction", kTrust, trust(R"("Effect":"Deny","Principal":"*","NotAction":"iam:*")"),
       kStsOnly},
  });
}

TEST_CASE("hostile input neither crashes nor stalls", "[policy]") {
  const std::string huge(1 << 20, 'a');
  run({
      {"1 MiB action", kIdentity, allow("\"s3:" + huge + "\"", R"("*")"), ""},
      {"1 MiB resource", kIdentity, allow(R"("s3:*")", "\"" + huge + "\""),
       "Resource " + huge + R"( must be in ARN format or "*".)"},
      {"escaped NUL in a string", kIdentity, allow(R"("s3:Get\u0000Object")", R"("*")"), ""},
      {"escaped NUL in a key", kIdentity,
       identity(R"("Effect":"Allow","Action":"s3:*","Resource":"*","Sid\u0000":"x")"), kSyntax},
  });

  // Many repeated keys and condition entries: must stay linear-ish.
  std::string many_keys = R"("Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{)";
  const std::vector<std::string> ops = {"StringEquals", "StringLike", "NumericEquals", "Bool",
                                        "ArnLike"};
  for (int i = 0; i < 20000; ++i) {
    many_keys += "\"ForAnyValue:" + ops[i % ops.size()] + (i % 20 < 10 ? "IfExists" : "") +
                 "\":{\"k" + std::to_string(i % 100) + "\":1},";
  }
  many_keys += R"("StringEquals":{"k":"v"}})";
  run({{"20000 condition operators, 10 distinct", kIdentity, identity(many_keys), ""}});

  std::string dup_effects;
  for (int i = 0; i < 20000; ++i) dup_effects += R"("Effect":"Allow",)";
  run({{"20000 duplicate Effect keys", kIdentity,
        identity(dup_effects + R"("Action":"s3:*","Resource":"*")"), ""}});
}

TEST_CASE("every AWS managed policy is a valid identity policy", "[policy][data]") {
  for (const auto& p : localiam::data::ManagedPolicyCatalog::instance().all()) {
    INFO(p.name);
    const auto status = validate_policy_document(p.document, kIdentity);
    CHECK(status.ok());
  }
}

TEST_CASE("policy size counts characters outside whitespace", "[policy]") {
  CHECK(policy_size_without_whitespace("") == 0);
  CHECK(policy_size_without_whitespace(" \t\r\n") == 0);
  CHECK(policy_size_without_whitespace(kTutorialIdentity) == kTutorialIdentity.size());
  const std::string pretty =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": "
      "\"Allow\",\n      \"Action\": [\n        \"codecommit:GitPull\",\n        "
      "\"codecommit:GitPush\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";
  CHECK(policy_size_without_whitespace(pretty) == kTutorialIdentity.size());
  // Whitespace inside strings is not counted either.
  CHECK(policy_size_without_whitespace(R"({"Sid":"a b"})") == 12);
  // Characters, not bytes: "é" is two bytes of UTF-8 but one character.
  CHECK(policy_size_without_whitespace("\"caf\xc3\xa9\"") == 6);
}
