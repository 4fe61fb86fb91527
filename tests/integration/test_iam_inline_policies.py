"""Inline policies of users, groups and roles (Put/Get/List/Delete User/Group/RolePolicy)
through every client: documents come back as sent (URL-encoded on the wire, decoded by the
clients), the aggregate size quotas, paging, AWS's exact errors, and DeleteUser/Group/Role
refusing while inline policies remain.
"""

import json
import unittest

from support import cases, config, paging
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))


def doc(*actions, resource="*"):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource}]}


def sized(n):
    """A policy document of exactly n characters when whitespace is not counted."""
    base = json.dumps(doc("s3:GetObject", resource="arn:aws:s3:::"), separators=(",", ":"))
    padded = doc("s3:GetObject", resource="arn:aws:s3:::" + "a" * (n - len(base)))
    text = json.dumps(padded, separators=(",", ":"))
    assert len(text) == n, (len(text), n)
    return text


LEFT = 200

# (kind, name parameter, entity name, noun in messages, quota)
KINDS = [("User", "UserName", "carlos", "user", 2048),
         ("Group", "GroupName", "devs", "group", 5120),
         ("Role", "RoleName", "builder", "role", 10240)]


class InlinePolicyTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep

        def make(kind, name):
            if kind == "User":
                p("iam", "CreateUser", UserName=name)
            elif kind == "Group":
                p("iam", "CreateGroup", GroupName=name)
            else:
                p("iam", "CreateRole", RoleName=name, AssumeRolePolicyDocument=TRUST)

        for kind, param, name, _, quota in KINDS:
            for suffix in ("", "-quota", "-keep", "-paged"):
                make(kind, name + suffix)
            # -quota: one policy uses all of the quota but LEFT characters.
            p("iam", f"Put{kind}Policy", **{param: name + "-quota"}, PolicyName="big",
              PolicyDocument=sized(quota - LEFT))
            p("iam", f"Put{kind}Policy", **{param: name + "-keep"}, PolicyName="kept",
              PolicyDocument=json.dumps(doc("s3:ListBucket")))
            for i in (3, 1, 5, 2, 4):
                p("iam", f"Put{kind}Policy", **{param: name + "-paged"}, PolicyName=f"p{i}",
                  PolicyDocument=json.dumps(doc("s3:ListBucket")))

    def test_put_get_list_delete(self):
        first = doc("s3:GetObject", "s3:PutObject")
        # Indented text: the clients decode what IAM returns into the same JSON.
        text = json.dumps(first, indent=4)
        second = doc("ec2:DescribeInstances")
        for kind, param, name, noun, _ in KINDS:
            with self.subTest(kind=kind):
                entity = {param: name}
                self.assertEqual(self.iam(f"Put{kind}Policy", **entity, PolicyName="inline1",
                                          PolicyDocument=text), {})
                got = self.iam(f"Get{kind}Policy", **entity, PolicyName="inline1")
                self.assertEqual(got.get(param), name)
                self.assertEqual(got.get("PolicyName"), "inline1")
                self.assertEqual(got.get("PolicyDocument"), first)
                listed = self.iam(f"List{kind}Policies", **entity)
                self.assertEqual(listed.get("PolicyNames"), ["inline1"])
                # Putting the same name again replaces the document.
                self.iam(f"Put{kind}Policy", **entity, PolicyName="inline1",
                         PolicyDocument=json.dumps(second))
                got = self.iam(f"Get{kind}Policy", **entity, PolicyName="inline1")
                self.assertEqual(got.get("PolicyDocument"), second)
                self.assertEqual(self.iam(f"Delete{kind}Policy", **entity, PolicyName="inline1"), {})
                self.assertEqual(self.iam(f"List{kind}Policies", **entity).get("PolicyNames"), [])
                missing = f"The {noun} policy with name inline1 cannot be found."
                self.expect_error("NoSuchEntity", missing, "iam", f"Get{kind}Policy",
                                  {param: name, "PolicyName": "inline1"})
                self.expect_error("NoSuchEntity", missing, "iam", f"Delete{kind}Policy",
                                  {param: name, "PolicyName": "inline1"})

    def test_missing_entity(self):
        for kind, param, _, noun, _ in KINDS:
            with self.subTest(kind=kind):
                self.expect_error("NoSuchEntity", f"The {noun} with name nobody cannot be found.",
                                  "iam", f"Put{kind}Policy",
                                  {param: "nobody", "PolicyName": "x",
                                   "PolicyDocument": json.dumps(doc("s3:GetObject"))})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "ListRolePolicies", {"RoleName": "nobody"})

    def test_malformed_documents(self):
        self.expect_error("MalformedPolicyDocument", "Syntax errors in policy.",
                          "iam", "PutUserPolicy",
                          {"UserName": "carlos", "PolicyName": "bad", "PolicyDocument": "not json"})
        with_principal = doc("s3:GetObject")
        with_principal["Statement"][0]["Principal"] = {"AWS": "*"}
        self.expect_error("MalformedPolicyDocument", "Policy document should not specify a principal.",
                          "iam", "PutRolePolicy",
                          {"RoleName": "builder", "PolicyName": "bad",
                           "PolicyDocument": json.dumps(with_principal)})

    def test_aggregate_size_quota(self):
        for kind, param, name, noun, quota in KINDS:
            with self.subTest(kind=kind):
                entity = {param: name + "-quota"}
                # LEFT characters are left: LEFT fit, one more does not.
                self.expect_error("LimitExceeded",
                                  f"Maximum policy size of {quota} bytes exceeded for {noun} {name}-quota",
                                  "iam", f"Put{kind}Policy",
                                  dict(entity, PolicyName="extra", PolicyDocument=sized(LEFT + 1)))
                self.iam(f"Put{kind}Policy", **entity, PolicyName="extra", PolicyDocument=sized(LEFT))
                # Replacing a policy counts its new size only, and whitespace never counts.
                spaced = json.dumps(json.loads(sized(LEFT)), indent=8)
                self.assertGreater(len(spaced), LEFT)
                self.iam(f"Put{kind}Policy", **entity, PolicyName="extra", PolicyDocument=spaced)
                self.iam(f"Delete{kind}Policy", **entity, PolicyName="extra")

    def test_delete_entity_with_inline_policies(self):
        message = "Cannot delete entity, must delete policies first."
        self.expect_error("DeleteConflict", message, "iam", "DeleteUser", {"UserName": "carlos-keep"})
        self.expect_error("DeleteConflict", message, "iam", "DeleteGroup", {"GroupName": "devs-keep"})
        self.expect_error("DeleteConflict", message, "iam", "DeleteRole", {"RoleName": "builder-keep"})

    def test_list_across_pages(self):
        for kind, param, name, _, _ in KINDS:
            with self.subTest(kind=kind):
                names = paging.collect(self, f"List{kind}Policies", "PolicyNames", 2,
                                       **{param: name + "-paged"})
                self.assertEqual(names, ["p1", "p2", "p3", "p4", "p5"])
                if self.driver.kind == "boto3":
                    self.assertEqual(paging.pages_of(self, f"List{kind}Policies", "PolicyNames", 2,
                                                     **{param: name + "-paged"}), 3)


class InlineLifecycleTests:
    """After its inline policy is deleted, a user can be deleted (boto3 only: the order of
    calls matters, not the client)."""

    def test_delete_after_policies_are_gone(self):
        self.iam("CreateUser", UserName="temp")
        self.iam("PutUserPolicy", UserName="temp", PolicyName="p",
                 PolicyDocument=json.dumps(doc("s3:GetObject")))
        self.expect_error("DeleteConflict", "Cannot delete entity, must delete policies first.",
                          "iam", "DeleteUser", {"UserName": "temp"})
        self.iam("DeleteUserPolicy", UserName="temp", PolicyName="p")
        self.assertEqual(self.iam("DeleteUser", UserName="temp"), {})
        # A new user of the same name starts without the old policies.
        self.iam("CreateUser", UserName="temp")
        self.assertEqual(self.iam("ListUserPolicies", UserName="temp").get("PolicyNames"), [])


cases.per_client(InlinePolicyTests, globals(), prefix="IamInlinePolicies")
cases.per_client(InlineLifecycleTests, globals(), prefix="IamInlineLifecycle", only={"boto3"})

if __name__ == "__main__":
    unittest.main()
