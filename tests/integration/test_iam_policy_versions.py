"""Managed policy versions through every client: CreatePolicyVersion (SetAsDefault, five at
most, ids never reused), ListPolicyVersions (newest first, no Document, paging),
GetPolicyVersion, SetDefaultPolicyVersion, DeletePolicyVersion, DeletePolicy refused while
non-default versions remain, and AWS managed policies that cannot be changed.
"""

import json
import unittest

from support import cases, paging
from support.cases import ACCOUNT

READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def doc(action):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}


def arn(name):
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


class PolicyVersionTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        for name in ("Lifecycle", "Full", "Paged", "Gone", "Errors"):
            p("iam", "CreatePolicy", PolicyName=name, PolicyDocument=json.dumps(doc("s3:GetObject")))
        for name in ("Full", "Paged"):
            for i in range(4):
                p("iam", "CreatePolicyVersion", PolicyArn=arn(name),
                  PolicyDocument=json.dumps(doc(f"s3:Get{i}")))
        p("iam", "CreatePolicyVersion", PolicyArn=arn("Gone"), PolicyDocument=json.dumps(doc("s3:Put")))

    def versions(self, name):
        got = self.iam("ListPolicyVersions", PolicyArn=arn(name)).get("Versions", [])
        for v in got:
            self.assertNotIn("Document", v, "ListPolicyVersions leaves Document out")
        return [(v["VersionId"], v["IsDefaultVersion"]) for v in got]

    def test_lifecycle(self):
        policy = arn("Lifecycle")
        v2 = self.iam("CreatePolicyVersion", PolicyArn=policy, SetAsDefault=True,
                      PolicyDocument=json.dumps(doc("s3:ListBucket")))["PolicyVersion"]
        self.assertEqual((v2.get("VersionId"), v2.get("IsDefaultVersion")), ("v2", True))
        self.assertIn("CreateDate", v2)
        self.assertNotIn("Document", v2, "CreatePolicyVersion leaves Document out")
        v3 = self.iam("CreatePolicyVersion", PolicyArn=policy,
                      PolicyDocument=json.dumps(doc("ec2:DescribeInstances")))["PolicyVersion"]
        self.assertEqual((v3.get("VersionId"), v3.get("IsDefaultVersion")), ("v3", False))
        got = self.iam("GetPolicyVersion", PolicyArn=policy, VersionId="v3")["PolicyVersion"]
        self.assertEqual(got.get("Document"), doc("ec2:DescribeInstances"))
        self.assertIs(got.get("IsDefaultVersion"), False)
        self.assertEqual(self.versions("Lifecycle"), [("v3", False), ("v2", True), ("v1", False)])
        self.assertEqual(self.iam("GetPolicy", PolicyArn=policy)["Policy"]["DefaultVersionId"], "v2")

        self.assertEqual(self.iam("SetDefaultPolicyVersion", PolicyArn=policy, VersionId="v1"), {})
        self.assertEqual(self.iam("GetPolicy", PolicyArn=policy)["Policy"]["DefaultVersionId"], "v1")
        self.assertEqual(self.iam("DeletePolicyVersion", PolicyArn=policy, VersionId="v2"), {})
        self.assertEqual(self.versions("Lifecycle"), [("v3", False), ("v1", True)])

    def test_five_versions_at_most_and_ids_not_reused(self):
        policy = arn("Full")
        self.expect_error("LimitExceeded",
                          "A managed policy can have up to 5 versions. Before you create a new "
                          "version, you must delete an existing version.",
                          "iam", "CreatePolicyVersion",
                          {"PolicyArn": policy, "PolicyDocument": json.dumps(doc("s3:Extra"))})
        self.iam("DeletePolicyVersion", PolicyArn=policy, VersionId="v5")
        again = self.iam("CreatePolicyVersion", PolicyArn=policy,
                         PolicyDocument=json.dumps(doc("s3:Again")))["PolicyVersion"]
        self.assertEqual(again.get("VersionId"), "v6", "version ids are never reused")

    def test_version_errors(self):
        policy = arn("Errors")
        self.expect_error("DeleteConflict", "Cannot delete the default version of a policy.",
                          "iam", "DeletePolicyVersion", {"PolicyArn": policy, "VersionId": "v1"})
        missing = f"Policy {policy} version v9 does not exist or is not attachable."
        for op in ("GetPolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion"):
            with self.subTest(op=op):
                self.expect_error("NoSuchEntity", missing, "iam", op,
                                  {"PolicyArn": policy, "VersionId": "v9"})
        nope = arn("Nope")
        self.expect_error("NoSuchEntity", f"Policy {nope} version v1 does not exist or is not attachable.",
                          "iam", "SetDefaultPolicyVersion", {"PolicyArn": nope, "VersionId": "v1"})
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'versionId' failed to satisfy "
                          "constraint: Member must satisfy regular expression pattern: "
                          "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
                          "iam", "DeletePolicyVersion", {"PolicyArn": policy, "VersionId": "x1"})
        self.expect_error("MalformedPolicyDocument", "Syntax errors in policy.",
                          "iam", "CreatePolicyVersion", {"PolicyArn": policy, "PolicyDocument": "{"})

    def test_aws_managed_policies_cannot_change(self):
        self.expect_error("AccessDenied", "Cannot update policies outside your own account.",
                          "iam", "SetDefaultPolicyVersion", {"PolicyArn": READ_ONLY_ARN, "VersionId": "v1"})
        self.expect_error("AccessDenied",
                          "Cannot delete policy versions for policies outside your own account.",
                          "iam", "DeletePolicyVersion", {"PolicyArn": READ_ONLY_ARN, "VersionId": "v1"})
        self.expect_error("AccessDenied", "Cannot create versions for policies outside your own account.",
                          "iam", "CreatePolicyVersion",
                          {"PolicyArn": READ_ONLY_ARN, "PolicyDocument": json.dumps(doc("s3:GetObject"))})
        versions = self.iam("ListPolicyVersions", PolicyArn=READ_ONLY_ARN).get("Versions", [])
        default = self.iam("GetPolicy", PolicyArn=READ_ONLY_ARN)["Policy"]["DefaultVersionId"]
        self.assertEqual([(v["VersionId"], v["IsDefaultVersion"]) for v in versions], [(default, True)])

    def test_list_versions_across_pages(self):
        versions = paging.collect(self, "ListPolicyVersions", "Versions", 2, PolicyArn=arn("Paged"))
        self.assertEqual([v["VersionId"] for v in versions], ["v5", "v4", "v3", "v2", "v1"])
        if self.driver.kind == "boto3":
            self.assertEqual(paging.pages_of(self, "ListPolicyVersions", "Versions", 2,
                                             PolicyArn=arn("Paged")), 3)

    def test_delete_policy_needs_its_other_versions_gone(self):
        policy = arn("Gone")
        self.expect_error("DeleteConflict",
                          "This policy has more than one version. Before you delete a policy, you "
                          "must delete the policy's versions. The default version is deleted with "
                          "the policy.",
                          "iam", "DeletePolicy", {"PolicyArn": policy})
        self.assertEqual(self.iam("DeletePolicyVersion", PolicyArn=policy, VersionId="v2"), {})
        self.assertEqual(self.iam("DeletePolicy", PolicyArn=policy), {})
        self.expect_error("NoSuchEntity", f"Policy {policy} version v1 does not exist or is not attachable.",
                          "iam", "GetPolicyVersion", {"PolicyArn": policy, "VersionId": "v1"})
        self.iam("CreatePolicy", PolicyName="Gone", PolicyDocument=json.dumps(doc("s3:GetObject")))
        self.assertEqual(self.versions("Gone"), [("v1", True)])


cases.per_client(PolicyVersionTests, globals(), prefix="IamPolicyVersions")

if __name__ == "__main__":
    unittest.main()
