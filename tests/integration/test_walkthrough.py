"""The README walkthrough (issue 2), command by command, through every client, in the
`open` and in the `verify` auth mode, then the rest of the lifecycle: inspecting what
was made, deleting all of it, and checking that it is gone.

The steps share state and run in order (test_01 ... test_27); a step whose input an
earlier step failed to produce is skipped, the earlier failure being the one to read.
In verify mode the steps that only inspect (15-24, 26) are left out: they do not
depend on the auth mode and each CLI call costs about a second.
"""

import datetime
import unittest

from support import cases, config
from support.cases import ACCOUNT
from support.clients import Creds, File

POLICY_NAME = "SourceCodeCommitter"
POLICY_DESCRIPTION = "Allows reading and committing to CodeCommit repos"
POLICY_ARN = f"arn:aws:iam::{ACCOUNT}:policy/{POLICY_NAME}"
READ_ONLY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/creator-role"
ASSUMED_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/creator-role/s1"


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class WalkthroughTests:
    """Mixed into one class per (auth mode, client)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.state = {}
        cls.policy_doc = cases.load_json("policy.json")
        cls.trust_doc = cases.load_json("assume-policy.json")

    def need(self, *keys):
        missing = [k for k in keys if k not in self.state]
        if missing:
            self.skipTest(f"needs {', '.join(missing)} from an earlier step")
        return [self.state[k] for k in keys]

    # -- the walkthrough of issue 2 ------------------------------------------------

    def test_01_caller_identity_of_root(self):
        identity = self.sts("GetCallerIdentity")
        self.assertEqual(identity.get("Account"), ACCOUNT, identity)
        self.assertEqual(identity.get("Arn"), f"arn:aws:iam::{ACCOUNT}:root", identity)
        self.assertEqual(identity.get("UserId"), ACCOUNT, identity)

    def test_02_lists_start_empty(self):
        self.assertEqual(self.iam("ListUsers").get("Users"), [])
        self.assertEqual(self.iam("ListRoles").get("Roles"), [])
        self.assertEqual(self.iam("ListGroups").get("Groups"), [])

    def test_03_list_policies_has_the_aws_managed_catalogue(self):
        policies = self.paginate("ListPolicies", "Policies")
        arns = [p["Arn"] for p in policies]
        self.assertEqual(len(arns), len(set(arns)),
                         "ListPolicies returned some policies twice (pagination overlaps)")
        aws = [p for p in policies if p["Arn"].startswith("arn:aws:iam::aws:policy/")]
        local = [p for p in policies if not p["Arn"].startswith("arn:aws:iam::aws:policy/")]
        self.assertEqual(local, [], "no local policy exists yet")
        catalogue = config.managed_policy_catalogue()
        if catalogue is None:
            self.assertGreaterEqual(len(aws), 1485)
        else:
            self.assertEqual(len(aws), len(catalogue),
                             f"expected every AWS managed policy of data/ ({len(catalogue)}), got {len(aws)}")
            expected = {f"arn:aws:iam::aws:policy{v.get('Path', '/')}{name}": v for name, v in catalogue.items()}
            missing = sorted(set(expected) - set(arns))
            self.assertEqual(missing[:10], [], f"{len(missing)} catalogue policies missing")
            for p in aws:
                want = expected.get(p["Arn"])
                if want and want.get("DefaultVersionId"):
                    self.assertEqual(p.get("DefaultVersionId"), want["DefaultVersionId"], p)
        self.assertIn(READ_ONLY_ARN, arns)
        for p in aws:
            self.assertTrue(p.get("PolicyId", "").startswith("ANPA"), f"PolicyId of {p}")
            self.assertIs(p.get("IsAttachable"), True, p)
        local_only = self.paginate("ListPolicies", "Policies", Scope="Local")
        self.assertEqual(local_only, [])

    def test_04_create_policy(self):
        policy = self.iam("CreatePolicy", PolicyName=POLICY_NAME, Description=POLICY_DESCRIPTION,
                          PolicyDocument=File(config.fixture("policy.json")))["Policy"]
        self.state["policy"] = policy
        self.assertEqual(policy.get("PolicyName"), POLICY_NAME)
        self.assertEqual(policy.get("Arn"), POLICY_ARN)
        self.assertEqual(policy.get("Path"), "/")
        self.assertEqual(policy.get("DefaultVersionId"), "v1")
        self.assertEqual(policy.get("AttachmentCount"), 0)
        self.assertEqual(policy.get("PermissionsBoundaryUsageCount"), 0)
        self.assertIs(policy.get("IsAttachable"), True)
        self.assertId(policy.get("PolicyId"), "ANPA")
        self.assertIn("CreateDate", policy)
        self.assertIn("UpdateDate", policy)

    def test_05_list_local_policies(self):
        (policy,) = self.need("policy")
        local = self.paginate("ListPolicies", "Policies", Scope="Local")
        self.assertEqual([(p["PolicyName"], p["Arn"], p["PolicyId"]) for p in local],
                         [(POLICY_NAME, POLICY_ARN, policy["PolicyId"])])

    def test_06_create_group(self):
        group = self.iam("CreateGroup", GroupName="developers")["Group"]
        self.state["group"] = group
        self.assertEqual(group.get("GroupName"), "developers")
        self.assertEqual(group.get("Path"), "/")
        self.assertEqual(group.get("Arn"), f"arn:aws:iam::{ACCOUNT}:group/developers")
        self.assertId(group.get("GroupId"), "AGPA")
        self.assertIn("CreateDate", group)

    def test_07_create_user(self):
        user = self.iam("CreateUser", UserName="carlos")["User"]
        self.state["user"] = user
        self.assertEqual(user.get("UserName"), "carlos")
        self.assertEqual(user.get("Path"), "/")
        self.assertEqual(user.get("Arn"), f"arn:aws:iam::{ACCOUNT}:user/carlos")
        self.assertId(user.get("UserId"), "AIDA")
        self.assertIn("CreateDate", user)

    def test_08_add_user_to_group(self):
        self.need("user", "group")
        self.assertEqual(self.iam("AddUserToGroup", GroupName="developers", UserName="carlos"), {})
        self.state["member"] = True

    def test_09_attach_group_policies(self):
        self.need("group", "policy")
        self.assertEqual(self.iam("AttachGroupPolicy", GroupName="developers", PolicyArn=POLICY_ARN), {})
        self.assertEqual(self.iam("AttachGroupPolicy", GroupName="developers", PolicyArn=READ_ONLY_ARN), {})
        self.state["attached"] = True

    def test_10_create_role(self):
        role = self.iam("CreateRole", RoleName="creator-role",
                        AssumeRolePolicyDocument=File(config.fixture("assume-policy.json")))["Role"]
        self.state["role"] = role
        self.assertEqual(role.get("RoleName"), "creator-role")
        self.assertEqual(role.get("Path"), "/")
        self.assertEqual(role.get("Arn"), ROLE_ARN)
        self.assertId(role.get("RoleId"), "AROA")
        self.assertEqual(role.get("AssumeRolePolicyDocument"), self.trust_doc)
        self.assertIn("CreateDate", role)
        # AWS leaves these out of CreateRole's answer (GetRole has them).
        self.assertNotIn("MaxSessionDuration", role)
        self.assertNotIn("RoleLastUsed", role)

    def test_11_create_access_key(self):
        self.need("user")
        key = self.iam("CreateAccessKey", UserName="carlos")["AccessKey"]
        self.assertEqual(key.get("UserName"), "carlos")
        self.assertEqual(key.get("Status"), "Active")
        self.assertId(key.get("AccessKeyId"), "AKIA", 20)
        self.assertEqual(len(key.get("SecretAccessKey", "")), 40, key)
        self.assertRegex(key["SecretAccessKey"], r"^[A-Za-z0-9+/]{40}$")
        self.assertIn("CreateDate", key)
        self.state["carlos_key"] = key
        self.state["carlos"] = Creds(key["AccessKeyId"], key["SecretAccessKey"])

    def test_12_caller_identity_of_carlos(self):
        user, carlos = self.need("user", "carlos")
        identity = self.sts("GetCallerIdentity", creds=carlos)
        self.assertEqual(identity.get("Arn"), f"arn:aws:iam::{ACCOUNT}:user/carlos", identity)
        self.assertEqual(identity.get("UserId"), user["UserId"], identity)
        self.assertEqual(identity.get("Account"), ACCOUNT, identity)

    def test_13_assume_role(self):
        role, carlos = self.need("role", "carlos")
        before = datetime.datetime.now(datetime.timezone.utc)
        result = self.sts("AssumeRole", creds=carlos, RoleArn=ROLE_ARN, RoleSessionName="s1")
        c = result.get("Credentials", {})
        self.assertId(c.get("AccessKeyId"), "ASIA", 20)
        self.assertEqual(len(c.get("SecretAccessKey", "")), 40, c)
        self.assertTrue(c.get("SessionToken"), c)
        expiration = parse_time(c["Expiration"])
        self.assertIsNotNone(expiration.tzinfo, c["Expiration"])
        lifetime = (expiration - before).total_seconds()
        self.assertTrue(3600 - 120 <= lifetime <= 3600 + 120,
                        f"default session should last 3600 s, Expiration {c['Expiration']} is {lifetime:.0f} s away")
        aru = result.get("AssumedRoleUser", {})
        self.assertEqual(aru.get("Arn"), ASSUMED_ARN)
        self.assertEqual(aru.get("AssumedRoleId"), role["RoleId"] + ":s1")
        self.assertNotIn("PackedPolicySize", result)
        self.state["session"] = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])

    def test_14_caller_identity_of_the_session(self):
        role, session = self.need("role", "session")
        identity = self.sts("GetCallerIdentity", creds=session)
        self.assertEqual(identity.get("Arn"), ASSUMED_ARN, identity)
        self.assertEqual(identity.get("UserId"), role["RoleId"] + ":s1", identity)
        self.assertEqual(identity.get("Account"), ACCOUNT, identity)

    # -- taking it all down ------------------------------------------------------------

    def test_25_lifecycle_deletes(self):
        self.need("member", "attached", "carlos_key", "role")
        key = self.state["carlos_key"]
        for op, params in [
            ("RemoveUserFromGroup", {"GroupName": "developers", "UserName": "carlos"}),
            ("DetachGroupPolicy", {"GroupName": "developers", "PolicyArn": POLICY_ARN}),
            ("DetachGroupPolicy", {"GroupName": "developers", "PolicyArn": READ_ONLY_ARN}),
            ("DeleteAccessKey", {"UserName": "carlos", "AccessKeyId": key["AccessKeyId"]}),
            ("DeleteUser", {"UserName": "carlos"}),
            ("DeleteGroup", {"GroupName": "developers"}),
            ("DeletePolicy", {"PolicyArn": POLICY_ARN}),
            ("DeleteRole", {"RoleName": "creator-role"}),
        ]:
            self.assertEqual(self.iam(op, **params), {}, f"{op} {params}")
        self.state["deleted"] = True

    def test_27_deleted_key_no_longer_signs_as_carlos(self):
        carlos, _ = self.need("carlos", "deleted")
        # A key localiam issued and deleted is refused in every mode, open included (only keys
        # it never issued are taken as the account root there).
        self.expect_error("InvalidClientTokenId", cases.INVALID_TOKEN,
                          "sts", "GetCallerIdentity", creds=carlos)


class WalkthroughWithDetailsTests(WalkthroughTests):
    """The walkthrough plus a look at everything it made and at its removal; run in
    open mode only, as these calls do not depend on the auth mode."""

    # -- looking at what the walkthrough made ----------------------------------------

    def test_15_get_user(self):
        (user,) = self.need("user")
        got = self.iam("GetUser", UserName="carlos")["User"]
        for field in ("UserName", "UserId", "Arn", "Path"):
            self.assertEqual(got.get(field), user[field], field)

    def test_16_get_group_lists_carlos(self):
        group, user, _ = self.need("group", "user", "member")
        got = self.iam("GetGroup", GroupName="developers")
        self.assertEqual(got["Group"].get("GroupId"), group["GroupId"])
        self.assertEqual(got["Group"].get("Arn"), group["Arn"])
        self.assertEqual([(u["UserName"], u["UserId"]) for u in got.get("Users", [])],
                         [("carlos", user["UserId"])])
        if self.driver.kind == "boto3":  # the CLI paginates and hides IsTruncated
            self.assertIs(got.get("IsTruncated"), False)

    def test_17_list_attached_group_policies(self):
        self.need("attached")
        got = self.iam("ListAttachedGroupPolicies", GroupName="developers")
        self.assertEqual(sorted((p["PolicyName"], p["PolicyArn"]) for p in got.get("AttachedPolicies", [])),
                         [("ReadOnlyAccess", READ_ONLY_ARN), (POLICY_NAME, POLICY_ARN)])

    def test_18_get_policy(self):
        policy, _ = self.need("policy", "attached")
        got = self.iam("GetPolicy", PolicyArn=POLICY_ARN)["Policy"]
        self.assertEqual(got.get("PolicyId"), policy["PolicyId"])
        self.assertEqual(got.get("Arn"), POLICY_ARN)
        self.assertEqual(got.get("DefaultVersionId"), "v1")
        self.assertEqual(got.get("AttachmentCount"), 1)
        self.assertEqual(got.get("Description"), POLICY_DESCRIPTION)
        self.assertIs(got.get("IsAttachable"), True)
        aws = self.iam("GetPolicy", PolicyArn=READ_ONLY_ARN)["Policy"]
        self.assertEqual(aws.get("Arn"), READ_ONLY_ARN)
        self.assertEqual(aws.get("PolicyName"), "ReadOnlyAccess")
        self.assertTrue(aws.get("PolicyId", "").startswith("ANPA"), aws)

    def test_19_get_policy_version_returns_the_document(self):
        self.need("policy")
        version = self.iam("GetPolicyVersion", PolicyArn=POLICY_ARN, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version.get("VersionId"), "v1")
        self.assertIs(version.get("IsDefaultVersion"), True)
        self.assertEqual(version.get("Document"), self.policy_doc,
                         "the client decodes the URL-encoded document into what was sent")

    def test_20_get_role(self):
        (role,) = self.need("role")
        got = self.iam("GetRole", RoleName="creator-role")["Role"]
        self.assertEqual(got.get("RoleId"), role["RoleId"])
        self.assertEqual(got.get("Arn"), ROLE_ARN)
        self.assertEqual(got.get("AssumeRolePolicyDocument"), self.trust_doc)
        self.assertEqual(got.get("MaxSessionDuration"), 3600)

    def test_21_list_groups_for_user(self):
        group, _ = self.need("group", "member")
        got = self.iam("ListGroupsForUser", UserName="carlos")
        self.assertEqual([(g["GroupName"], g["GroupId"]) for g in got.get("Groups", [])],
                         [("developers", group["GroupId"])])

    def test_22_list_access_keys(self):
        (key,) = self.need("carlos_key")
        got = self.iam("ListAccessKeys", UserName="carlos")
        keys = got.get("AccessKeyMetadata", [])
        self.assertEqual([(k.get("UserName"), k.get("AccessKeyId"), k.get("Status")) for k in keys],
                         [("carlos", key["AccessKeyId"], "Active")])
        self.assertNotIn("SecretAccessKey", keys[0])

    def test_23_lists_show_what_was_made(self):
        self.need("user", "role", "group")
        self.assertEqual([u["UserName"] for u in self.iam("ListUsers")["Users"]], ["carlos"])
        roles = self.iam("ListRoles")["Roles"]
        self.assertEqual([r["RoleName"] for r in roles], ["creator-role"])
        self.assertEqual(roles[0].get("AssumeRolePolicyDocument"), self.trust_doc)
        self.assertEqual([g["GroupName"] for g in self.iam("ListGroups")["Groups"]], ["developers"])

    def test_24_list_only_attached_policies(self):
        self.need("attached")
        attached = self.paginate("ListPolicies", "Policies", OnlyAttached=True)
        self.assertEqual(sorted(p["Arn"] for p in attached), sorted([POLICY_ARN, READ_ONLY_ARN]))

    def test_26_deleted_entities_are_gone(self):
        self.need("deleted")
        self.expect_error("NoSuchEntity", "The user with name carlos cannot be found.",
                          "iam", "GetUser", {"UserName": "carlos"})
        self.expect_error("NoSuchEntity", "The group with name developers cannot be found.",
                          "iam", "GetGroup", {"GroupName": "developers"})
        self.expect_error("NoSuchEntity", "The role with name creator-role cannot be found.",
                          "iam", "GetRole", {"RoleName": "creator-role"})
        self.expect_error("NoSuchEntity", f"Policy {POLICY_ARN} was not found.",
                          "iam", "GetPolicy", {"PolicyArn": POLICY_ARN})



cases.per_client(WalkthroughWithDetailsTests, globals(), prefix="WalkthroughOpen", auth="open")
cases.per_client(WalkthroughTests, globals(), prefix="WalkthroughVerify", auth="verify",
                 root_keys=("test", "test"))

if __name__ == "__main__":
    unittest.main()
