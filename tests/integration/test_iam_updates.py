"""Changing users, groups and roles in place: UpdateUser, UpdateGroup (rename, new path),
UpdateRole (empty result), UpdateRoleDescription (the Role without MaxSessionDuration and
RoleLastUsed), UpdateAssumeRolePolicy (trust policy rules and quota), through every client.
"""

import json
import unittest

from support import cases, config
from support.cases import ACCOUNT
from support.clients import File

TRUST = File(config.fixture("assume-policy.json"))
LAMBDA_TRUST = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                               "Action": "sts:AssumeRole"}]}


class UpdateTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        cls.renamed_id = p("iam", "CreateUser", UserName="old-name")["User"]["UserId"]
        p("iam", "CreateGroup", GroupName="crew")
        p("iam", "AddUserToGroup", GroupName="crew", UserName="old-name")
        p("iam", "CreateUser", UserName="taken")
        p("iam", "CreateUser", UserName="Mixed")
        cls.group_id = p("iam", "CreateGroup", GroupName="old-group")["Group"]["GroupId"]
        p("iam", "CreateGroup", GroupName="taken-group")
        for role in ("tuned", "described", "trusting"):
            p("iam", "CreateRole", RoleName=role, AssumeRolePolicyDocument=TRUST,
              Description="initial")

    # -- users and groups -------------------------------------------------------------

    def test_update_user_renames_and_moves(self):
        self.assertEqual(self.iam("UpdateUser", UserName="old-name", NewUserName="new-name",
                                  NewPath="/moved/"), {})
        user = self.iam("GetUser", UserName="new-name")["User"]
        self.assertEqual(user.get("UserId"), self.renamed_id, "a rename keeps the user's id")
        self.assertEqual(user.get("Path"), "/moved/")
        self.assertEqual(user.get("Arn"), f"arn:aws:iam::{ACCOUNT}:user/moved/new-name")
        self.expect_error("NoSuchEntity", "The user with name old-name cannot be found.",
                          "iam", "GetUser", {"UserName": "old-name"})
        members = self.iam("GetGroup", GroupName="crew").get("Users", [])
        self.assertEqual([u["UserName"] for u in members], ["new-name"])

    def test_update_user_errors(self):
        self.expect_error("EntityAlreadyExists", "User with name TAKEN already exists.",
                          "iam", "UpdateUser", {"UserName": "Mixed", "NewUserName": "TAKEN"})
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.",
                          "iam", "UpdateUser", {"UserName": "nobody", "NewPath": "/x/"})
        self.expect_error("ValidationError",
                          "1 validation error detected: Value at 'newPath' failed to satisfy "
                          "constraint: Member must satisfy regular expression pattern: "
                          "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
                          "iam", "UpdateUser", {"UserName": "Mixed", "NewPath": "no-slashes"})

    def test_update_user_changes_case_only(self):
        self.assertEqual(self.iam("UpdateUser", UserName="Mixed", NewUserName="mixed"), {})
        self.assertEqual(self.iam("GetUser", UserName="MIXED")["User"]["UserName"], "mixed")

    def test_update_group(self):
        self.assertEqual(self.iam("UpdateGroup", GroupName="old-group", NewGroupName="new-group",
                                  NewPath="/teams/"), {})
        group = self.iam("GetGroup", GroupName="new-group")["Group"]
        self.assertEqual(group.get("GroupId"), self.group_id)
        self.assertEqual(group.get("Arn"), f"arn:aws:iam::{ACCOUNT}:group/teams/new-group")
        self.expect_error("EntityAlreadyExists", "Group with name taken-group already exists.",
                          "iam", "UpdateGroup", {"GroupName": "new-group", "NewGroupName": "taken-group"})
        self.expect_error("NoSuchEntity", "The group with name old-group cannot be found.",
                          "iam", "UpdateGroup", {"GroupName": "old-group", "NewPath": "/x/"})

    # -- roles ----------------------------------------------------------------------------

    def test_update_role(self):
        self.assertEqual(self.iam("UpdateRole", RoleName="tuned", Description="updated",
                                  MaxSessionDuration=7200), {})
        role = self.iam("GetRole", RoleName="tuned")["Role"]
        self.assertEqual(role.get("Description"), "updated")
        self.assertEqual(role.get("MaxSessionDuration"), 7200)
        # Without parameters nothing changes.
        self.assertEqual(self.iam("UpdateRole", RoleName="tuned"), {})
        role = self.iam("GetRole", RoleName="tuned")["Role"]
        self.assertEqual((role.get("Description"), role.get("MaxSessionDuration")), ("updated", 7200))
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "UpdateRole", {"RoleName": "nobody", "Description": "x"})

    def test_update_role_description(self):
        role = self.iam("UpdateRoleDescription", RoleName="described", Description="new words")["Role"]
        self.assertEqual(role.get("RoleName"), "described")
        self.assertEqual(role.get("Description"), "new words")
        self.assertEqual(role.get("Arn"), f"arn:aws:iam::{ACCOUNT}:role/described")
        self.assertIn("AssumeRolePolicyDocument", role)
        self.assertNotIn("MaxSessionDuration", role)
        self.assertNotIn("RoleLastUsed", role)
        self.assertEqual(self.iam("GetRole", RoleName="described")["Role"].get("Description"),
                         "new words")
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "UpdateRoleDescription", {"RoleName": "nobody", "Description": "x"})

    def test_update_assume_role_policy(self):
        self.assertEqual(self.iam("UpdateAssumeRolePolicy", RoleName="trusting",
                                  PolicyDocument=json.dumps(LAMBDA_TRUST)), {})
        self.assertEqual(self.iam("GetRole", RoleName="trusting")["Role"]["AssumeRolePolicyDocument"],
                         LAMBDA_TRUST)

    def test_update_assume_role_policy_errors(self):
        def fails(code, message, document, role="trusting"):
            self.expect_error(code, message, "iam", "UpdateAssumeRolePolicy",
                              {"RoleName": role, "PolicyDocument": document})

        fails("MalformedPolicyDocument", "This policy contains invalid Json", "not json")
        with_resource = json.loads(json.dumps(LAMBDA_TRUST))
        with_resource["Statement"][0]["Resource"] = "*"
        fails("MalformedPolicyDocument", "Has prohibited field Resource", json.dumps(with_resource))
        wrong_action = json.loads(json.dumps(LAMBDA_TRUST))
        wrong_action["Statement"][0]["Action"] = "s3:GetObject"
        fails("MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions.",
              json.dumps(wrong_action))
        big = json.loads(json.dumps(LAMBDA_TRUST))
        big["Statement"] = [dict(big["Statement"][0], Sid=f"S{i}") for i in range(40)]
        fails("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", json.dumps(big))
        fails("NoSuchEntity", "The role with name nobody cannot be found.", json.dumps(LAMBDA_TRUST),
              role="nobody")


cases.per_client(UpdateTests, globals(), prefix="IamUpdates")

if __name__ == "__main__":
    unittest.main()
