"""Managed policy attachment to users and roles (Attach/Detach/ListAttached User/RolePolicy,
ten per entity) and ListEntitiesForPolicy (filters, paging across the group, user and role
lists), through every client, with AWS's exact errors.

State is prepared through boto3 in setUpClass; each test makes its own calls through the
client under test and uses entities no other test changes.
"""

import json
import unittest

from support import cases, config, paging
from support.cases import ACCOUNT
from support.clients import File

READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
NOPE_ARN = f"arn:aws:iam::{ACCOUNT}:policy/Nope"
DOC = json.dumps({"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
TRUST = File(config.fixture("assume-policy.json"))


def policy_arn(name, path="/"):
    return f"arn:aws:iam::{ACCOUNT}:policy{path}{name}"


class AttachmentTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        for i in range(11):
            p("iam", "CreatePolicy", PolicyName=f"Q{i:02}", PolicyDocument=DOC)
        p("iam", "CreatePolicy", PolicyName="Mine", PolicyDocument=DOC)
        p("iam", "CreatePolicy", PolicyName="TeamOnly", Path="/team/", PolicyDocument=DOC)
        for user in ("alice", "full", "paged", "keeps"):
            p("iam", "CreateUser", UserName=user)
        for role in ("r-alice", "r-full"):
            p("iam", "CreateRole", RoleName=role, AssumeRolePolicyDocument=TRUST)
        for i in range(10):
            p("iam", "AttachUserPolicy", UserName="full", PolicyArn=policy_arn(f"Q{i:02}"))
            p("iam", "AttachRolePolicy", RoleName="r-full", PolicyArn=policy_arn(f"Q{i:02}"))
        # paged: nine Q policies and TeamOnly, ten in all.
        for i in range(9):
            p("iam", "AttachUserPolicy", UserName="paged", PolicyArn=policy_arn(f"Q{i:02}"))
        p("iam", "AttachUserPolicy", UserName="paged", PolicyArn=policy_arn("TeamOnly", "/team/"))
        p("iam", "AttachUserPolicy", UserName="keeps", PolicyArn=READ_ONLY_ARN)

        # Shared: attached to 2 groups, 3 users and 2 roles, some of them under /team/.
        cls.shared = p("iam", "CreatePolicy", PolicyName="Shared", PolicyDocument=DOC)["Policy"]["Arn"]
        p("iam", "CreatePolicy", PolicyName="Unattached", PolicyDocument=DOC)
        cls.ids = {}
        for name, path in (("ga", "/"), ("gb", "/team/")):
            cls.ids[name] = p("iam", "CreateGroup", GroupName=name, Path=path)["Group"]["GroupId"]
            p("iam", "AttachGroupPolicy", GroupName=name, PolicyArn=cls.shared)
        for name, path in (("ua", "/"), ("ub", "/team/"), ("uc", "/")):
            cls.ids[name] = p("iam", "CreateUser", UserName=name, Path=path)["User"]["UserId"]
            p("iam", "AttachUserPolicy", UserName=name, PolicyArn=cls.shared)
        for name, path in (("ra", "/team/"), ("rb", "/")):
            cls.ids[name] = p("iam", "CreateRole", RoleName=name, Path=path,
                              AssumeRolePolicyDocument=TRUST)["Role"]["RoleId"]
            p("iam", "AttachRolePolicy", RoleName=name, PolicyArn=cls.shared)

    def attached(self, op, **params):
        return sorted((a["PolicyName"], a["PolicyArn"])
                      for a in self.iam(op, **params).get("AttachedPolicies", []))

    # -- users and roles ----------------------------------------------------------------

    def test_user_attach_list_detach(self):
        mine = policy_arn("Mine")
        self.assertEqual(self.iam("AttachUserPolicy", UserName="alice", PolicyArn=mine), {})
        self.assertEqual(self.iam("AttachUserPolicy", UserName="alice", PolicyArn=READ_ONLY_ARN), {})
        self.assertEqual(self.iam("AttachUserPolicy", UserName="alice", PolicyArn=mine), {},
                         "attaching an attached policy again is not an error")
        self.assertEqual(self.attached("ListAttachedUserPolicies", UserName="alice"),
                         [("Mine", mine), ("ReadOnlyAccess", READ_ONLY_ARN)])
        self.assertEqual(self.iam("DetachUserPolicy", UserName="alice", PolicyArn=mine), {})
        self.assertEqual(self.attached("ListAttachedUserPolicies", UserName="alice"),
                         [("ReadOnlyAccess", READ_ONLY_ARN)])
        self.expect_error("NoSuchEntity", f"Policy {mine} was not found.",
                          "iam", "DetachUserPolicy", {"UserName": "alice", "PolicyArn": mine})

    def test_role_attach_list_detach(self):
        mine = policy_arn("Mine")
        self.assertEqual(self.iam("AttachRolePolicy", RoleName="r-alice", PolicyArn=mine), {})
        self.assertEqual(self.iam("AttachRolePolicy", RoleName="r-alice", PolicyArn=READ_ONLY_ARN), {})
        self.assertEqual(self.attached("ListAttachedRolePolicies", RoleName="r-alice"),
                         [("Mine", mine), ("ReadOnlyAccess", READ_ONLY_ARN)])
        self.assertEqual(self.iam("DetachRolePolicy", RoleName="r-alice", PolicyArn=READ_ONLY_ARN), {})
        self.assertEqual(self.attached("ListAttachedRolePolicies", RoleName="r-alice"),
                         [("Mine", mine)])
        self.expect_error("NoSuchEntity", f"Policy {READ_ONLY_ARN} was not found.",
                          "iam", "DetachRolePolicy", {"RoleName": "r-alice", "PolicyArn": READ_ONLY_ARN})

    def test_eleventh_policy_on_a_user(self):
        self.expect_error("LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 10",
                          "iam", "AttachUserPolicy", {"UserName": "full", "PolicyArn": policy_arn("Q10")})
        # At the quota, re-attaching one of the ten is still fine.
        self.assertEqual(self.iam("AttachUserPolicy", UserName="full", PolicyArn=policy_arn("Q03")), {})

    def test_eleventh_policy_on_a_role(self):
        self.expect_error("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10",
                          "iam", "AttachRolePolicy", {"RoleName": "r-full", "PolicyArn": policy_arn("Q10")})

    def test_attach_errors(self):
        self.expect_error("NoSuchEntity", f"Policy {NOPE_ARN} does not exist or is not attachable.",
                          "iam", "AttachUserPolicy", {"UserName": "alice", "PolicyArn": NOPE_ARN})
        self.expect_error("NoSuchEntity", f"Policy {NOPE_ARN} does not exist or is not attachable.",
                          "iam", "AttachRolePolicy", {"RoleName": "r-alice", "PolicyArn": NOPE_ARN})
        self.expect_error("NoSuchEntity", "The user with name nobody cannot be found.",
                          "iam", "AttachUserPolicy", {"UserName": "nobody", "PolicyArn": READ_ONLY_ARN})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "AttachRolePolicy", {"RoleName": "nobody", "PolicyArn": READ_ONLY_ARN})
        self.expect_error("ValidationError", "ARN this-is-not-an-arn-at-all is not valid.",
                          "iam", "AttachRolePolicy",
                          {"RoleName": "r-alice", "PolicyArn": "this-is-not-an-arn-at-all"})
        self.expect_error("NoSuchEntity", "The role with name nobody cannot be found.",
                          "iam", "ListAttachedRolePolicies", {"RoleName": "nobody"})

    def test_delete_with_attached_policies(self):
        message = "Cannot delete entity, must detach all policies first."
        self.expect_error("DeleteConflict", message, "iam", "DeleteUser", {"UserName": "keeps"})
        self.expect_error("DeleteConflict", message, "iam", "DeleteRole", {"RoleName": "r-full"})

    def test_list_attached_across_pages(self):
        attached = paging.collect(self, "ListAttachedUserPolicies", "AttachedPolicies", 3,
                                  UserName="paged")
        arns = [a["PolicyArn"] for a in attached]
        expected = sorted([policy_arn(f"Q{i:02}") for i in range(9)] +
                          [policy_arn("TeamOnly", "/team/")])
        self.assertEqual(sorted(arns), expected)
        self.assertEqual(len(arns), len(set(arns)), "a policy listed twice across pages")
        if self.driver.kind == "boto3":
            self.assertEqual(paging.pages_of(self, "ListAttachedUserPolicies", "AttachedPolicies", 3,
                                             UserName="paged"), 4)

    def test_list_attached_path_prefix(self):
        got = self.attached("ListAttachedUserPolicies", UserName="paged", PathPrefix="/team/")
        self.assertEqual(got, [("TeamOnly", policy_arn("TeamOnly", "/team/"))])

    # -- ListEntitiesForPolicy --------------------------------------------------------------

    def entities(self, result):
        return ([(g["GroupName"], g["GroupId"]) for g in result.get("PolicyGroups", [])],
                [(u["UserName"], u["UserId"]) for u in result.get("PolicyUsers", [])],
                [(r["RoleName"], r["RoleId"]) for r in result.get("PolicyRoles", [])])

    def named(self, *names):
        return [(n, self.ids[n]) for n in names]

    def test_entities_for_policy(self):
        got = self.entities(self.iam("ListEntitiesForPolicy", PolicyArn=self.shared))
        self.assertEqual(got, (self.named("ga", "gb"), self.named("ua", "ub", "uc"),
                               self.named("ra", "rb")))

    def test_entities_for_policy_filters(self):
        roles = self.iam("ListEntitiesForPolicy", PolicyArn=self.shared, EntityFilter="Role")
        self.assertEqual(self.entities(roles), ([], [], self.named("ra", "rb")))
        team = self.iam("ListEntitiesForPolicy", PolicyArn=self.shared, PathPrefix="/team/")
        self.assertEqual(self.entities(team), (self.named("gb"), self.named("ub"), self.named("ra")))
        local = self.iam("ListEntitiesForPolicy", PolicyArn=self.shared,
                         EntityFilter="LocalManagedPolicy")
        self.assertEqual(self.entities(local), ([], [], []))
        usage = self.iam("ListEntitiesForPolicy", PolicyArn=self.shared,
                         PolicyUsageFilter="PermissionsPolicy", EntityFilter="User")
        self.assertEqual(self.entities(usage), ([], self.named("ua", "ub", "uc"), []))

    def test_entities_for_policy_across_pages(self):
        # Pages of 2 break inside the user list and across the group/user and user/role ends.
        got = paging.collect(self, "ListEntitiesForPolicy",
                             ["PolicyGroups", "PolicyUsers", "PolicyRoles"], 2, PolicyArn=self.shared)
        self.assertEqual(self.entities(got), (self.named("ga", "gb"), self.named("ua", "ub", "uc"),
                                              self.named("ra", "rb")))
        if self.driver.kind == "boto3":
            self.assertEqual(paging.pages_of(self, "ListEntitiesForPolicy",
                                             ["PolicyGroups", "PolicyUsers", "PolicyRoles"], 2,
                                             PolicyArn=self.shared), 4)

    def test_entities_for_unattached_and_missing_policy(self):
        got = self.iam("ListEntitiesForPolicy", PolicyArn=policy_arn("Unattached"))
        self.assertEqual(self.entities(got), ([], [], []))
        self.expect_error("NoSuchEntity", f"Policy {NOPE_ARN} does not exist or is not attachable.",
                          "iam", "ListEntitiesForPolicy", {"PolicyArn": NOPE_ARN})

    def test_attachment_count_counts_users_roles_and_groups(self):
        self.assertEqual(self.iam("GetPolicy", PolicyArn=self.shared)["Policy"]["AttachmentCount"], 7)


cases.per_client(AttachmentTests, globals(), prefix="IamAttachments")

if __name__ == "__main__":
    unittest.main()
