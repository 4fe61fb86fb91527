"""IAM Access Analyzer's policy checks on localiam's port (issue 20, "Offline policy checks"):
ValidatePolicy with AWS's issue codes, messages, links and locations; CheckNoNewAccess,
CheckAccessNotGranted and CheckNoPublicAccess with AWS's results, messages and reasons; each
through every client (the CLI's `aws accessanalyzer …`, boto3, the JavaScript SDK v3). The
callers are authenticated and, in enforce mode, authorised as access-analyzer:<Operation>.
"""

import json
import os
import time
import unittest

from support import cases
from support.clients import Creds, File

SERVICE = "accessanalyzer"
LINK = ("https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-"
        "checks.html#access-analyzer-reference-policy-checks-")

# Indented as a person writes it, so that the locations are on several lines.
FLAWED = """{
  "Statement": [
    {
      "Sid": "Reads",
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:Get*", "s3:GetObject", "iam:PassRole", "nosuch:Thing"],
      "Resource": "*",
      "Condition": {
        "Bool": {"aws:SecureTransport": "yes"},
        "StringEquals": {"aws:SourceIpAddress": "203.0.113.7"}
      }
    }
  ]
}"""

CLEAN = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "ReadReports", "Effect": "Allow",
                   "Action": ["s3:GetObject", "s3:ListBucket"],
                   "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}],
}, indent=2)


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


class AccessAnalyzerTests:
    def analyzer(self, op, creds=None, **params):
        return self.call(SERVICE, op, creds, **params)

    def as_file(self, text):
        """A large document as a file (the CLI's file://): too long for one argument."""
        path = os.path.join(self.server.workdir, f"doc-{time.time_ns()}.json")
        with open(path, "w") as f:
            f.write(text)
        return File(path)

    def findings(self, document, policy_type="IDENTITY_POLICY", **extra):
        return self.analyzer("ValidatePolicy", policyDocument=document, policyType=policy_type,
                             **extra)["findings"]

    def test_a_flawed_policy_gets_awss_findings_in_document_order(self):
        got = self.findings(FLAWED)
        self.assertEqual([(f["issueCode"], f["findingType"]) for f in got], [
            ("MISSING_VERSION", "WARNING"),
            ("INVALID_ACTION", "ERROR"),
            ("REDUNDANT_ACTION", "SUGGESTION"),
            ("PASS_ROLE_WITH_STAR_IN_RESOURCE", "SECURITY_WARNING"),
            ("INVALID_SERVICE_IN_ACTION", "ERROR"),
            ("TYPE_MISMATCH_BOOLEAN", "WARNING"),
            ("INVALID_GLOBAL_CONDITION_KEY", "ERROR"),
        ])
        by_code = {f["issueCode"]: f for f in got}
        self.assertEqual(by_code["INVALID_ACTION"]["findingDetails"],
                         "The action s3:GetObjekt does not exist. Did you mean s3:GetObject?")
        self.assertEqual(by_code["INVALID_ACTION"]["learnMoreLink"], LINK + "error-invalid-action")
        self.assertEqual(by_code["REDUNDANT_ACTION"]["findingDetails"],
                         "The 1 action(s) are redundant because they provide similar permissions. "
                         "Update the policy to remove the redundant action such as: s3:GetObject.")
        self.assertEqual(by_code["INVALID_SERVICE_IN_ACTION"]["findingDetails"],
                         "The service nosuch:Thing specified in the action does not exist.")
        self.assertEqual(by_code["INVALID_GLOBAL_CONDITION_KEY"]["findingDetails"],
                         "The condition key aws:SourceIpAddress does not exist. Use a valid "
                         "condition key.")
        self.assertEqual(by_code["PASS_ROLE_WITH_STAR_IN_RESOURCE"]["learnMoreLink"],
                         LINK + "security-warning-pass-role-with-star-in-resource")

    def test_locations_point_at_the_text_they_are_about(self):
        got = {f["issueCode"]: f for f in self.findings(FLAWED)}
        where = got["INVALID_ACTION"]["locations"][0]
        self.assertEqual(where["path"], [{"value": "Statement"}, {"index": 0},
                                         {"value": "Action"}, {"index": 0}])
        start, end = where["span"]["start"], where["span"]["end"]
        self.assertEqual(FLAWED[start["offset"]:end["offset"]], '"s3:GetObjekt"')
        self.assertEqual(start["line"], 6)
        self.assertEqual(FLAWED.splitlines()[5][start["column"]:end["column"]], '"s3:GetObjekt"')
        # The PassRole warning names the action and the resource.
        spans = [(l["span"]["start"]["offset"], l["span"]["end"]["offset"])
                 for l in got["PASS_ROLE_WITH_STAR_IN_RESOURCE"]["locations"]]
        self.assertEqual([FLAWED[a:b] for a, b in spans], ['"iam:PassRole"', '"*"'])
        # A condition finding's path ends at the key; its span is the value.
        where = got["INVALID_GLOBAL_CONDITION_KEY"]["locations"][0]
        self.assertEqual(where["path"][-3:], [{"value": "Condition"}, {"value": "StringEquals"},
                                              {"value": "aws:SourceIpAddress"}])
        span = where["span"]
        self.assertEqual(FLAWED[span["start"]["offset"]:span["end"]["offset"]], '"203.0.113.7"')

    def test_a_clean_policy_has_no_findings(self):
        self.assertEqual(self.findings(CLEAN), [])

    def test_resource_policies_need_a_principal_and_identity_policies_refuse_one(self):
        statement = {"Effect": "Allow", "Action": "s3:GetObject",
                     "Resource": "arn:aws:s3:::reports/*"}
        self.assertEqual([f["issueCode"] for f in
                          self.findings(policy(statement), "RESOURCE_POLICY")],
                         ["MISSING_PRINCIPAL"])
        with_principal = dict(statement, Principal={"AWS": "arn:aws:iam::111122223333:root"})
        self.assertEqual(self.findings(policy(with_principal), "RESOURCE_POLICY",
                                       validatePolicyResourceType="AWS::S3::Bucket"), [])
        self.assertEqual([f["issueCode"] for f in self.findings(policy(with_principal))],
                         ["UNSUPPORTED_PRINCIPAL"])

    def test_text_that_is_not_json_is_a_finding(self):
        got = self.findings('{"Version": "2012-10-17", "Statement": [')
        self.assertEqual([f["issueCode"] for f in got], ["JSON_SYNTAX_ERROR"])
        self.assertRegex(got[0]["findingDetails"],
                         r"^Fix the JSON syntax error at index \d+ line 1 column \d+\.$")

    def test_a_deeply_nested_document_is_a_syntax_error_not_a_crash(self):
        deep = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", '
                '"Resource": "*", "Condition": ' + "[" * 100000 + "]" * 100000 + "}]}")
        got = self.findings(self.as_file(deep))
        self.assertEqual([f["issueCode"] for f in got], ["JSON_SYNTAX_ERROR"])
        self.assertEqual(self.findings(CLEAN), [])  # and the server still answers

    def test_findings_page(self):
        everything = self.findings(FLAWED)
        first = self.analyzer("ValidatePolicy", policyDocument=FLAWED,
                              policyType="IDENTITY_POLICY", maxResults=2)
        self.assertEqual(first["findings"], everything[:2])
        rest = self.analyzer("ValidatePolicy", policyDocument=FLAWED,
                             policyType="IDENTITY_POLICY", nextToken=first["nextToken"])
        self.assertEqual(rest["findings"], everything[2:])
        self.assertNotIn("nextToken", rest)

    def test_an_unknown_policy_type_is_refused(self):
        self.expect_error(
            "ValidationException",
            "1 validation error detected: Value 'USER_POLICY' at 'policyType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, "
            "SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]",
            SERVICE, "ValidatePolicy", {"policyDocument": CLEAN, "policyType": "USER_POLICY"})

    def test_check_no_new_access(self):
        existing = policy({"Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": "arn:aws:s3:::reports/*"})
        wider = policy({"Effect": "Allow", "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::reports/*"},
                       {"Sid": "Writes", "Effect": "Allow", "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::reports/*"})
        got = self.analyzer("CheckNoNewAccess", newPolicyDocument=wider,
                            existingPolicyDocument=existing, policyType="IDENTITY_POLICY")
        self.assertEqual(got, {
            "result": "FAIL",
            "message": "The modified permissions grant new access compared to your existing "
                       "policy.",
            "reasons": [{"description": "New access in the statement with index: 1.",
                         "statementIndex": 1, "statementId": "Writes"}]})
        narrower = policy({"Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": "arn:aws:s3:::reports/2026/*"})
        got = self.analyzer("CheckNoNewAccess", newPolicyDocument=narrower,
                            existingPolicyDocument=existing, policyType="IDENTITY_POLICY")
        self.assertEqual(got["result"], "PASS")
        self.assertNotIn("reasons", got)
        # A wildcard wider than the existing one's is new access; dropping a condition is too.
        for changed in (policy({"Effect": "Allow", "Action": "s3:Get*",
                                "Resource": "arn:aws:s3:::reports/*"}),
                        policy({"Effect": "Allow", "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::*"})):
            self.assertEqual(self.analyzer("CheckNoNewAccess", newPolicyDocument=changed,
                                           existingPolicyDocument=existing,
                                           policyType="IDENTITY_POLICY")["result"], "FAIL")
        conditioned = policy({"Effect": "Allow", "Action": "s3:GetObject",
                              "Resource": "arn:aws:s3:::reports/*",
                              "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}})
        self.assertEqual(self.analyzer("CheckNoNewAccess", newPolicyDocument=existing,
                                       existingPolicyDocument=conditioned,
                                       policyType="IDENTITY_POLICY")["result"], "FAIL")
        self.assertEqual(self.analyzer("CheckNoNewAccess", newPolicyDocument=conditioned,
                                       existingPolicyDocument=existing,
                                       policyType="IDENTITY_POLICY")["result"], "PASS")

    def test_check_access_not_granted(self):
        reads = policy({"Sid": "Reads", "Effect": "Allow", "Action": "s3:Get*",
                        "Resource": "arn:aws:s3:::reports/*"})
        got = self.analyzer("CheckAccessNotGranted", policyDocument=reads,
                            access=[{"actions": ["s3:PutObject", "s3:DeleteObject"]}],
                            policyType="IDENTITY_POLICY")
        self.assertEqual(got, {"result": "PASS",
                               "message": "The policy document does not grant access to perform "
                                          "one or more of the listed actions."})
        got = self.analyzer("CheckAccessNotGranted", policyDocument=reads,
                            access=[{"actions": ["s3:GetObject"],
                                     "resources": ["arn:aws:s3:::reports/q1.csv"]}],
                            policyType="IDENTITY_POLICY")
        self.assertEqual(got, {
            "result": "FAIL",
            "message": "The policy document grants access to one or more listed resources to "
                       "perform one or more listed actions.",
            "reasons": [{"description": "One or more of the listed actions and/or resources in "
                                        "the statement with index: 0.",
                         "statementIndex": 0, "statementId": "Reads"}]})
        got = self.analyzer("CheckAccessNotGranted", policyDocument=reads,
                            access=[{"resources": ["arn:aws:s3:::payroll/*"]}],
                            policyType="IDENTITY_POLICY")
        self.assertEqual(got["result"], "PASS")

    def test_check_no_public_access(self):
        public = policy({"Sid": "Anyone", "Effect": "Allow", "Principal": "*",
                         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"})
        got = self.analyzer("CheckNoPublicAccess", policyDocument=public,
                            resourceType="AWS::S3::Bucket")
        self.assertEqual(got, {
            "result": "FAIL",
            "message": "The resource policy grants public access for the given resource type.",
            "reasons": [{"description": "Public access granted in the following statement with "
                                        "sid: Anyone.",
                         "statementIndex": 0, "statementId": "Anyone"}]})
        restricted = policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                             "Resource": "arn:aws:s3:::site/*",
                             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})
        got = self.analyzer("CheckNoPublicAccess", policyDocument=restricted,
                            resourceType="AWS::S3::Bucket")
        self.assertEqual(got, {"result": "PASS",
                               "message": "The resource policy does not grant public access for "
                                          "the given resource type."})

    def test_policies_too_large_to_check_are_refused_not_hung(self):
        big = policy(*[{"Effect": "Allow", "Action": "*", "Resource": "*",
                        "Condition": {"StringEquals": {"aws:username": str(i)}}}
                       for i in range(600)])
        e = self.expect_error("InvalidParameterException", None, SERVICE, "CheckNoNewAccess",
                              {"newPolicyDocument": self.as_file(big),
                               "existingPolicyDocument": self.as_file(big),
                               "policyType": "IDENTITY_POLICY"})
        self.assertIn("too large to check offline", e.message)

    def test_a_policy_that_is_not_json_is_an_invalid_parameter(self):
        e = self.expect_error("InvalidParameterException", None, SERVICE, "CheckNoPublicAccess",
                              {"policyDocument": "{nope", "resourceType": "AWS::S3::Bucket"})
        self.assertIn("policyDocument", e.message)


cases.per_client(AccessAnalyzerTests, globals(), prefix="AccessAnalyzer")


class AnalyzerAuthorization(cases.ClientCase):
    """Enforce mode: the checks are actions like any other (access-analyzer:ValidatePolicy)."""
    auth = "enforce"

    def setUp(self):
        from support import clients
        self.driver = clients.fast()

    def test_a_user_needs_the_action_and_the_decision_is_logged(self):
        name = f"aa{time.time_ns() % 10**12}"
        user, creds = self.prep_user_with_key(name)
        e = self.expect_error("AccessDeniedException", None, SERVICE, "ValidatePolicy",
                              {"policyDocument": CLEAN, "policyType": "IDENTITY_POLICY"},
                              creds=creds)
        self.assertEqual(e.message,
                         f"User: {user['Arn']} is not authorized to perform: "
                         "access-analyzer:ValidatePolicy on resource: * because no "
                         "identity-based policy allows the access-analyzer:ValidatePolicy action")
        self.prep("iam", "PutUserPolicy", UserName=name, PolicyName="checks",
                  PolicyDocument=policy({"Effect": "Allow", "Action": "access-analyzer:Validate*",
                                         "Resource": "*"}))
        self.assertEqual(self.call(SERVICE, "ValidatePolicy", creds, policyDocument=CLEAN,
                                   policyType="IDENTITY_POLICY")["findings"], [])
        status, body = self.server.admin(
            "GET", "/_localiam/decisions?principal=" + user["Arn"])
        self.assertEqual([(d["action"], d["decision"]) for d in json.loads(body)["decisions"]],
                         [("access-analyzer:ValidatePolicy", "implicitDeny"),
                          ("access-analyzer:ValidatePolicy", "allowed")])

    def test_an_unknown_key_is_refused(self):
        self.expect_error("UnrecognizedClientException", None, SERVICE, "ValidatePolicy",
                          {"policyDocument": CLEAN, "policyType": "IDENTITY_POLICY"},
                          creds=Creds("AKIAUNKNOWNKEY000000", "secret"))


if __name__ == "__main__":
    unittest.main()
