"""AWS's errors, with their exact Code and Message, through every client; and IAM
pagination (Marker / MaxItems / IsTruncated).

State is prepared through boto3 (fast) in setUpClass; each test makes only the failing
call through the client under test.
"""

import json
import unittest

from support import cases
from support.cases import ACCOUNT
from support.clients import File
from support import config

NOPE_ARN = f"arn:aws:iam::{ACCOUNT}:policy/Nope"
ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def doc(value):
    return value if isinstance(value, str) else json.dumps(value)


class ErrorTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        p("iam", "CreateUser", UserName="carlos")
        p("iam", "CreateGroup", GroupName="developers")
        p("iam", "AddUserToGroup", GroupName="developers", UserName="carlos")
        cls.attached_arn = p("iam", "CreatePolicy", PolicyName="Attached",
                             PolicyDocument=doc(ALLOW_ALL))["Policy"]["Arn"]
        p("iam", "AttachGroupPolicy", GroupName="developers", PolicyArn=cls.attached_arn)
        p("iam", "CreatePolicy", PolicyName="Dup", PolicyDocument=doc(ALLOW_ALL))
        p("iam", "CreateRole", RoleName="r1",
          AssumeRolePolicyDocument=File(config.fixture("assume-policy.json")))
        # keyed: one access key, in no group.  twokeys: at the quota.  grouped: in a group, no key.
        p("iam", "CreateUser", UserName="keyed")
        p("iam", "CreateAccessKey", UserName="keyed")
        p("iam", "CreateUser", UserName="twokeys")
        p("iam", "CreateAccessKey", UserName="twokeys")
        p("iam", "CreateAccessKey", UserName="twokeys")
        p("iam", "CreateGroup", GroupName="g2")
        p("iam", "CreateUser", UserName="grouped")
        p("iam", "AddUserToGroup", GroupName="g2", UserName="grouped")

    # -- NoSuchEntity ------------------------------------------------------------------

    def test_no_such_user(self):
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.",
                          "iam", "GetUser", {"UserName": "nobody"})

    def test_no_such_role(self):
        self.expect_error("NoSuchEntity", "The role with name x cannot be found.",
                          "iam", "GetRole", {"RoleName": "x"})

    def test_no_such_group(self):
        self.expect_error("NoSuchEntity", "The group with name x cannot be found.",
                          "iam", "GetGroup", {"GroupName": "x"})

    def test_no_such_policy(self):
        self.expect_error("NoSuchEntity", f"Policy {NOPE_ARN} was not found.",
                          "iam", "GetPolicy", {"PolicyArn": NOPE_ARN})

    def test_attach_missing_policy(self):
        self.expect_error("NoSuchEntity", f"Policy {NOPE_ARN} does not exist or is not attachable.",
                          "iam", "AttachGroupPolicy", {"GroupName": "developers", "PolicyArn": NOPE_ARN})

    def test_add_missing_user_to_group(self):
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.",
                          "iam", "AddUserToGroup", {"GroupName": "developers", "UserName": "nobody"})

    # -- EntityAlreadyExists -----------------------------------------------------------

    def test_user_exists(self):
        self.expect_error("EntityAlreadyExists", "User with name carlos already exists.",
                          "iam", "CreateUser", {"UserName": "carlos"})

    def test_group_exists(self):
        self.expect_error("EntityAlreadyExists", "Group with name developers already exists.",
                          "iam", "CreateGroup", {"GroupName": "developers"})

    def test_role_exists(self):
        self.expect_error("EntityAlreadyExists", "Role with name r1 already exists.",
                          "iam", "CreateRole", {"RoleName": "r1",
                                                "AssumeRolePolicyDocument": File(config.fixture("assume-policy.json"))})

    def test_policy_exists(self):
        self.expect_error("EntityAlreadyExists",
                          "A policy called Dup already exists. Duplicate names are not allowed.",
                          "iam", "CreatePolicy", {"PolicyName": "Dup", "PolicyDocument": doc(ALLOW_ALL)})

    # -- DeleteConflict / LimitExceeded --------------------------------------------------

    def test_delete_group_with_members(self):
        self.expect_error("DeleteConflict", "Cannot delete entity, must remove users from group first.",
                          "iam", "DeleteGroup", {"GroupName": "g2"})

    def test_delete_attached_policy(self):
        self.expect_error("DeleteConflict", "Cannot delete a policy attached to entities.",
                          "iam", "DeletePolicy", {"PolicyArn": self.attached_arn})

    def test_delete_user_with_keys(self):
        self.expect_error("DeleteConflict", "Cannot delete entity, must delete access keys first.",
                          "iam", "DeleteUser", {"UserName": "keyed"})

    def test_delete_user_in_group(self):
        self.expect_error("DeleteConflict", "Cannot delete entity, must remove users from group first.",
                          "iam", "DeleteUser", {"UserName": "grouped"})

    def test_third_access_key(self):
        self.expect_error("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2",
                          "iam", "CreateAccessKey", {"UserName": "twokeys"})

    # -- MalformedPolicyDocument --------------------------------------------------------

    def create_policy_error(self, name, document, message):
        return self.expect_error("MalformedPolicyDocument", message, "iam", "CreatePolicy",
                                 {"PolicyName": name, "PolicyDocument": doc(document)})

    def test_policy_not_json(self):
        self.create_policy_error("NotJson", "not json", "Syntax errors in policy.")

    def test_policy_without_statement(self):
        self.create_policy_error("NoStatement", {"Version": "2012-10-17"}, None)

    def test_policy_with_bad_effect(self):
        self.create_policy_error("BadEffect", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}, None)

    def test_identity_policy_with_principal(self):
        self.create_policy_error("WithPrincipal", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"}]},
            "Policy document should not specify a principal.")

    def test_trust_policy_without_principal(self):
        self.expect_error("MalformedPolicyDocument", None, "iam", "CreateRole", {
            "RoleName": "noprincipal",
            "AssumeRolePolicyDocument": doc({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole"}]})})

    def test_trust_policy_not_json(self):
        self.expect_error("MalformedPolicyDocument", "This policy contains invalid Json",
                          "iam", "CreateRole", {"RoleName": "badtrust", "AssumeRolePolicyDocument": "not json"})

    # -- ValidationError ----------------------------------------------------------------

    def test_user_name_too_long(self):
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'userName' failed to satisfy constraint: "
                          "Member must have length less than or equal to 64",
                          "iam", "CreateUser", {"UserName": "u" * 65})

    def test_user_name_pattern(self):
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'userName' failed to satisfy constraint: "
                          "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                          "iam", "CreateUser", {"UserName": "bad name!"})

    def test_role_name_too_long(self):
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'roleName' failed to satisfy constraint: "
                          "Member must have length less than or equal to 64",
                          "iam", "CreateRole", {"RoleName": "r" * 65,
                                                "AssumeRolePolicyDocument": File(config.fixture("assume-policy.json"))})

    def test_attach_with_non_arn(self):
        # The clients refuse a PolicyArn shorter than 20 characters themselves, so this
        # one is long enough to reach the server (the raw HTTP tests send "notanarn").
        self.expect_error("ValidationError", "ARN this-is-not-an-arn-at-all is not valid.",
                          "iam", "AttachGroupPolicy",
                          {"GroupName": "developers", "PolicyArn": "this-is-not-an-arn-at-all"})


class PaginationTests:
    USERS = ["pg1", "pg2", "pg3", "pg4", "pg5"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in cls.USERS:
            cls.prep("iam", "CreateUser", UserName=name)

    def test_marker_pages(self):
        seen, pages = [], 0
        if self.driver.kind == "boto3":
            params = {"MaxItems": 2}
            while True:
                page = self.iam("ListUsers", **params)
                pages += 1
                users = page.get("Users", [])
                self.assertLessEqual(len(users), 2, page)
                seen += [u["UserName"] for u in users]
                if page.get("IsTruncated"):
                    self.assertTrue(page.get("Marker"), f"IsTruncated true without a Marker: {page}")
                    params = {"MaxItems": 2, "Marker": page["Marker"]}
                else:
                    self.assertIs(page.get("IsTruncated"), False, page)
                    self.assertNotIn("Marker", page, "Marker only when IsTruncated is true")
                    break
                self.assertLess(pages, 10, "pagination does not end")
            self.assertEqual(pages, 3)
        else:
            # --max-items is the CLI's own paging: it sends MaxItems and hands out
            # NextToken (wrapping the server's Marker) for --starting-token.
            extra = ["--max-items", "2"]
            while True:
                page = self.driver.run(self.server.url, self.root, "iam", "ListUsers", cli_args=extra)
                pages += 1
                users = page.get("Users", [])
                self.assertLessEqual(len(users), 2, page)
                seen += [u["UserName"] for u in users]
                if not page.get("NextToken"):
                    break
                extra = ["--max-items", "2", "--starting-token", page["NextToken"]]
                self.assertLess(pages, 10, "pagination does not end")
            self.assertEqual(pages, 3)
        self.assertEqual(sorted(seen), self.USERS, "every user exactly once")

    def test_small_pages_add_up(self):
        # Page size 2: the client follows IsTruncated/Marker through 3 requests.
        users = self.paginate("ListUsers", "Users", page_size=2)
        self.assertEqual(sorted(u["UserName"] for u in users), self.USERS)


class PolicyPageTests:
    """MaxItems/Marker as sent by a client call that does not paginate by itself:
    boto3 only (the CLI always pages)."""

    def test_first_page_of_policies(self):
        page = self.iam("ListPolicies", MaxItems=100)
        self.assertEqual(len(page.get("Policies", [])), 100)
        self.assertIs(page.get("IsTruncated"), True)
        self.assertTrue(page.get("Marker"))
        default = self.iam("ListPolicies")
        self.assertEqual(len(default.get("Policies", [])), 100, "default page size is 100")


cases.per_client(ErrorTests, globals(), prefix="Errors")
cases.per_client(PaginationTests, globals(), prefix="Pagination")
cases.per_client(PolicyPageTests, globals(), prefix="PolicyPage", only={"boto3"})

if __name__ == "__main__":
    unittest.main()
