"""Permissions boundaries of users and roles through every client: Put/Delete
User/RolePermissionsBoundary, PermissionsBoundary on CreateUser/CreateRole, shown on
Create/Get but never on ListUsers/ListRoles, PermissionsBoundaryUsageCount on GetPolicy and
ListPolicies, ListEntitiesForPolicy's PolicyUsageFilter, DeletePolicy refused while a policy
bounds someone, and AWS's errors for missing or malformed ARNs.
"""

import json
import unittest

from support import cases, config
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))
ACCOUNT_POLICY = {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
AWS_POLICY = "arn:aws:iam::aws:policy/PowerUserAccess"


def boundary(arn):
    return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}


class BoundaryTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        cls.arn = p("iam", "CreatePolicy", PolicyName="bound",
                    PolicyDocument=json.dumps(ACCOUNT_POLICY))["Policy"]["Arn"]
        cls.spare = p("iam", "CreatePolicy", PolicyName="spare",
                      PolicyDocument=json.dumps(ACCOUNT_POLICY))["Policy"]["Arn"]
        p("iam", "CreateUser", UserName="plain")
        p("iam", "CreateRole", RoleName="plain-role", AssumeRolePolicyDocument=TRUST)

    def test_create_with_boundary(self):
        user = self.iam("CreateUser", UserName="bounded-u", PermissionsBoundary=self.arn)["User"]
        self.assertEqual(user.get("PermissionsBoundary"), boundary(self.arn))
        role = self.iam("CreateRole", RoleName="bounded-r", AssumeRolePolicyDocument=TRUST,
                        PermissionsBoundary=AWS_POLICY)["Role"]
        self.assertEqual(role.get("PermissionsBoundary"), boundary(AWS_POLICY))
        got = self.iam("GetUser", UserName="bounded-u")["User"]
        self.assertEqual(got.get("PermissionsBoundary"), boundary(self.arn))
        got = self.iam("GetRole", RoleName="bounded-r")["Role"]
        self.assertEqual(got.get("PermissionsBoundary"), boundary(AWS_POLICY))
        # List actions never show boundaries.
        for u in self.iam("ListUsers")["Users"]:
            self.assertNotIn("PermissionsBoundary", u)
        for r in self.iam("ListRoles")["Roles"]:
            self.assertNotIn("PermissionsBoundary", r)

    def test_put_replace_delete(self):
        self.iam("CreateUser", UserName="cycle-u")
        self.iam("CreateRole", RoleName="cycle-r", AssumeRolePolicyDocument=TRUST)
        self.assertNotIn("PermissionsBoundary", self.iam("GetUser", UserName="cycle-u")["User"])
        self.assertNotIn("PermissionsBoundary", self.iam("GetRole", RoleName="cycle-r")["Role"])
        self.assertEqual(self.iam("PutUserPermissionsBoundary", UserName="cycle-u",
                                  PermissionsBoundary=self.spare), {})
        self.assertEqual(self.iam("PutRolePermissionsBoundary", RoleName="cycle-r",
                                  PermissionsBoundary=self.spare), {})
        self.assertEqual(self.iam("GetUser", UserName="cycle-u")["User"]["PermissionsBoundary"],
                         boundary(self.spare))
        # A second put replaces the first.
        self.iam("PutRolePermissionsBoundary", RoleName="cycle-r", PermissionsBoundary=AWS_POLICY)
        self.assertEqual(self.iam("GetRole", RoleName="cycle-r")["Role"]["PermissionsBoundary"],
                         boundary(AWS_POLICY))
        self.assertEqual(self.iam("DeleteUserPermissionsBoundary", UserName="cycle-u"), {})
        self.assertEqual(self.iam("DeleteRolePermissionsBoundary", RoleName="cycle-r"), {})
        self.assertNotIn("PermissionsBoundary", self.iam("GetUser", UserName="cycle-u")["User"])
        self.assertNotIn("PermissionsBoundary", self.iam("GetRole", RoleName="cycle-r")["Role"])

    def test_errors(self):
        missing = "arn:aws:iam::123456789012:policy/nothing-here"
        msg = f"Scope ARN: {missing} does not exist or is not attachable."
        self.expect_error("NoSuchEntity", msg, "iam", "PutUserPermissionsBoundary",
                          {"UserName": "plain", "PermissionsBoundary": missing})
        self.expect_error("NoSuchEntity", msg, "iam", "PutRolePermissionsBoundary",
                          {"RoleName": "plain-role", "PermissionsBoundary": missing})
        self.expect_error("NoSuchEntity", msg, "iam", "CreateRole",
                          {"RoleName": "never", "AssumeRolePolicyDocument": TRUST,
                           "PermissionsBoundary": missing})
        self.expect_error("NoSuchEntity", msg, "iam", "CreateUser",
                          {"UserName": "never", "PermissionsBoundary": missing})
        bad = "not-an-arn-at-all-but-long"
        self.expect_error("ValidationError", f"ARN {bad} is not valid.", "iam",
                          "PutUserPermissionsBoundary",
                          {"UserName": "plain", "PermissionsBoundary": bad})
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.", "iam",
                          "PutUserPermissionsBoundary",
                          {"UserName": "nobody", "PermissionsBoundary": self.arn})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.", "iam",
                          "DeleteRolePermissionsBoundary", {"RoleName": "nobody"})
        # Nothing half-made: the refused creates left no entity behind.
        self.expect_error("NoSuchEntity", "The user with name never cannot be found.", "iam",
                          "GetUser", {"UserName": "never"})
        self.expect_error("NoSuchEntity", "The role with name never cannot be found.", "iam",
                          "GetRole", {"RoleName": "never"})


class BoundaryUsageTests:
    """Counts and listings that depend on the whole account: one server per client."""

    def test_usage_count_entities_and_delete_conflict(self):
        arn = self.iam("CreatePolicy", PolicyName="fence",
                       PolicyDocument=json.dumps(ACCOUNT_POLICY))["Policy"]["Arn"]
        self.assertEqual(self.iam("GetPolicy", PolicyArn=arn)["Policy"]
                         ["PermissionsBoundaryUsageCount"], 0)
        for name in ("u3", "u1", "u2"):
            self.iam("CreateUser", UserName=name, PermissionsBoundary=arn)
        self.iam("CreateRole", RoleName="r1", AssumeRolePolicyDocument=TRUST)
        self.iam("PutRolePermissionsBoundary", RoleName="r1", PermissionsBoundary=arn)
        self.iam("CreateUser", UserName="attached-only")
        self.iam("AttachUserPolicy", UserName="attached-only", PolicyArn=arn)
        self.iam("AttachUserPolicy", UserName="u1", PolicyArn=arn)

        got = self.iam("GetPolicy", PolicyArn=arn)["Policy"]
        self.assertEqual(got["PermissionsBoundaryUsageCount"], 4)
        self.assertEqual(got["AttachmentCount"], 2)
        listed = {p["Arn"]: p for p in self.iam("ListPolicies", Scope="Local")["Policies"]}
        self.assertEqual(listed[arn]["PermissionsBoundaryUsageCount"], 4)

        self.iam("PutUserPermissionsBoundary", UserName="attached-only",
                 PermissionsBoundary=AWS_POLICY)
        self.assertEqual(self.iam("GetPolicy", PolicyArn=AWS_POLICY)["Policy"]
                         ["PermissionsBoundaryUsageCount"], 1)

        def names(result):
            return ([u["UserName"] for u in result.get("PolicyUsers", [])],
                    [r["RoleName"] for r in result.get("PolicyRoles", [])],
                    result.get("PolicyGroups", []))

        self.assertEqual(names(self.iam("ListEntitiesForPolicy", PolicyArn=arn,
                                        PolicyUsageFilter="PermissionsBoundary")),
                         (["u1", "u2", "u3"], ["r1"], []))
        self.assertEqual(names(self.iam("ListEntitiesForPolicy", PolicyArn=arn,
                                        PolicyUsageFilter="PermissionsPolicy")),
                         (["attached-only", "u1"], [], []))
        self.assertEqual(names(self.iam("ListEntitiesForPolicy", PolicyArn=arn)),
                         (["attached-only", "u1", "u2", "u3"], ["r1"], []))
        # Paged one at a time, every entity appears once, in order.
        users = [u["UserName"] for u in
                 self.paginate("ListEntitiesForPolicy", "PolicyUsers", page_size=1,
                               PolicyArn=arn)]
        self.assertEqual(users, ["attached-only", "u1", "u2", "u3"])

        self.iam("DetachUserPolicy", UserName="attached-only", PolicyArn=arn)
        self.iam("DetachUserPolicy", UserName="u1", PolicyArn=arn)
        self.expect_error("DeleteConflict", "Cannot delete a policy attached to entities.",
                          "iam", "DeletePolicy", {"PolicyArn": arn})
        for name in ("u1", "u2"):
            self.iam("DeleteUserPermissionsBoundary", UserName=name)
        # Deleting a bounded user or role drops its boundary with it.
        self.iam("DeleteUser", UserName="u3")
        self.iam("DeleteRole", RoleName="r1")
        self.assertEqual(self.iam("GetPolicy", PolicyArn=arn)["Policy"]
                         ["PermissionsBoundaryUsageCount"], 0)
        self.assertEqual(self.iam("DeletePolicy", PolicyArn=arn), {})
        # A new user of a deleted one's name starts without a boundary.
        self.iam("CreateUser", UserName="u3")
        self.assertNotIn("PermissionsBoundary", self.iam("GetUser", UserName="u3")["User"])


cases.per_client(BoundaryTests, globals(), prefix="IamBoundaries")
cases.per_client(BoundaryUsageTests, globals(), prefix="IamBoundaryUsage")

if __name__ == "__main__":
    unittest.main()
