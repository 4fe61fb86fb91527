"""Account-level IAM actions through every client: the account alias (one per account,
replaced by a new one, unique across accounts, AWS's pattern and errors), GetAccountSummary
(counts that follow what the account holds, and IAM's default quotas), and
GetAccountAuthorizationDetails (every kind of entity with its relationships, the Filter,
URL-encoded documents decoded by the client, all policy versions, paging across the lists).
"""

import json
import unittest

from support import cases, config, paging
from support.cases import ACCOUNT
from support.clients import Creds, File

TRUST = File(config.fixture("assume-policy.json"))
DOC = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
DOC2 = {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
                       "Resource": "arn:aws:s3:::bucket/*"}]}
OTHER_ACCOUNT = Creds("111111111111", "whatever")
ALIAS_PATTERN = "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$"

QUOTAS = {
    "UsersQuota": 5000, "GroupsQuota": 300, "RolesQuota": 1000, "PoliciesQuota": 1500,
    "InstanceProfilesQuota": 1000, "ServerCertificatesQuota": 20,
    "UserPolicySizeQuota": 2048, "GroupPolicySizeQuota": 5120, "RolePolicySizeQuota": 10240,
    "AssumeRolePolicySizeQuota": 2048, "PolicySizeQuota": 6144, "GroupsPerUserQuota": 10,
    "SigningCertificatesPerUserQuota": 2, "AccessKeysPerUserQuota": 2,
    "AttachedPoliciesPerGroupQuota": 10, "AttachedPoliciesPerRoleQuota": 10,
    "AttachedPoliciesPerUserQuota": 10, "VersionsPerPolicyQuota": 5,
    "PolicyVersionsInUseQuota": 10000, "GlobalEndpointTokenVersion": 1,
}
COUNTERS = ["Users", "Groups", "Roles", "Policies", "PolicyVersionsInUse", "MFADevices",
            "MFADevicesInUse", "ServerCertificates", "InstanceProfiles", "Providers",
            "AccountMFAEnabled", "AccountAccessKeysPresent", "AccountPasswordPresent",
            "AccountSigningCertificatesPresent"]


def validation(member, constraint):
    return f"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"


def policy_arn(name):
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


class AliasTests:
    def setUp(self):
        # Each test starts from an account without an alias.
        for alias in self.iam("ListAccountAliases")["AccountAliases"]:
            self.iam("DeleteAccountAlias", AccountAlias=alias)
        for alias in self.iam("ListAccountAliases", creds=OTHER_ACCOUNT)["AccountAliases"]:
            self.iam("DeleteAccountAlias", creds=OTHER_ACCOUNT, AccountAlias=alias)

    def test_create_list_replace_delete(self):
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], [])
        self.assertEqual(self.iam("CreateAccountAlias", AccountAlias="my-corp-1"), {})
        listed = self.iam("ListAccountAliases")
        self.assertEqual(listed["AccountAliases"], ["my-corp-1"])
        if self.driver.kind == "boto3":  # the CLI merges pages and drops IsTruncated
            self.assertIs(listed["IsTruncated"], False)
        # A second alias replaces the first: one alias per account.
        self.iam("CreateAccountAlias", AccountAlias="my-corp-2")
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], ["my-corp-2"])
        self.expect_error("NoSuchEntity", "The account alias my-corp-1 cannot be found.",
                          "iam", "DeleteAccountAlias", {"AccountAlias": "my-corp-1"})
        self.assertEqual(self.iam("DeleteAccountAlias", AccountAlias="my-corp-2"), {})
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], [])
        self.expect_error("NoSuchEntity", "The account alias my-corp-2 cannot be found.",
                          "iam", "DeleteAccountAlias", {"AccountAlias": "my-corp-2"})

    def test_alias_is_unique_across_accounts(self):
        self.iam("CreateAccountAlias", AccountAlias="shared-name")
        self.expect_error("EntityAlreadyExists", "The account alias shared-name already exists.",
                          "iam", "CreateAccountAlias", {"AccountAlias": "shared-name"},
                          creds=OTHER_ACCOUNT)
        self.expect_error("EntityAlreadyExists", "The account alias shared-name already exists.",
                          "iam", "CreateAccountAlias", {"AccountAlias": "shared-name"})
        self.assertEqual(self.iam("ListAccountAliases", creds=OTHER_ACCOUNT)["AccountAliases"], [])
        # Once released, the other account may take it.
        self.iam("DeleteAccountAlias", AccountAlias="shared-name")
        self.iam("CreateAccountAlias", creds=OTHER_ACCOUNT, AccountAlias="shared-name")
        self.assertEqual(self.iam("ListAccountAliases", creds=OTHER_ACCOUNT)["AccountAliases"],
                         ["shared-name"])
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], [])

    def test_alias_pattern(self):
        pattern = validation("accountAlias",
                             f"Member must satisfy regular expression pattern: {ALIAS_PATTERN}")
        bad_aliases = ["trailing-", "double--dash", "Upper", "under_score"]
        if self.driver.kind == "boto3":  # the CLI takes a leading dash for an option
            bad_aliases.append("-leading")
        for bad in bad_aliases:
            self.expect_error("ValidationError", pattern, "iam", "CreateAccountAlias",
                              {"AccountAlias": bad})
        self.expect_error("ValidationError", pattern, "iam", "DeleteAccountAlias",
                          {"AccountAlias": "no--good"})
        self.expect_error("ValidationError",
                          "2 validation errors detected: Value at 'accountAlias' failed to "
                          "satisfy constraint: Member must have length less than or equal to 63; "
                          "Value at 'accountAlias' failed to satisfy constraint: Member must "
                          f"satisfy regular expression pattern: {ALIAS_PATTERN}",
                          "iam", "CreateAccountAlias", {"AccountAlias": "a" * 64})
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], [])
        self.iam("CreateAccountAlias", AccountAlias="a" * 63)
        self.iam("CreateAccountAlias", AccountAlias="0-9")
        self.assertEqual(self.iam("ListAccountAliases")["AccountAliases"], ["0-9"])


class SummaryTests:
    def summary(self):
        return self.iam("GetAccountSummary")["SummaryMap"]

    def test_quotas_and_every_key(self):
        summary = self.summary()
        for key, value in QUOTAS.items():
            self.assertEqual(summary.get(key), value, f"{key} in {summary}")
        for key in COUNTERS:
            self.assertIsInstance(summary.get(key), int, f"{key} missing from {summary}")
        self.assertEqual(len(summary), len(QUOTAS) + len(COUNTERS), summary)

    def test_counts_follow_the_account(self):
        before = self.summary()
        self.iam("CreateUser", UserName="summary-user")
        self.iam("CreateGroup", GroupName="summary-group")
        self.iam("CreateRole", RoleName="summary-role", AssumeRolePolicyDocument=TRUST)
        self.iam("CreatePolicy", PolicyName="SummaryPolicy", PolicyDocument=json.dumps(DOC))
        self.iam("AttachUserPolicy", UserName="summary-user", PolicyArn=policy_arn("SummaryPolicy"))
        self.iam("AttachRolePolicy", RoleName="summary-role",
                 PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.iam("CreateOpenIDConnectProvider", Url="https://summary.example.com",
                 ClientIDList=["summary"], ThumbprintList=["a" * 40])
        self.iam("CreateInstanceProfile", InstanceProfileName="summary-profile")
        after = self.summary()
        for key in ["Users", "Groups", "Roles", "Policies", "Providers", "InstanceProfiles"]:
            self.assertEqual(after[key], before[key] + 1, key)
        self.assertEqual(after["PolicyVersionsInUse"], before["PolicyVersionsInUse"] + 2)
        self.iam("DetachRolePolicy", RoleName="summary-role",
                 PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.iam("DeleteRole", RoleName="summary-role")
        again = self.summary()
        self.assertEqual(again["Roles"], before["Roles"])
        self.assertEqual(again["PolicyVersionsInUse"], before["PolicyVersionsInUse"] + 1)
        # Counts are per account.
        other = self.iam("GetAccountSummary", creds=OTHER_ACCOUNT)["SummaryMap"]
        self.assertEqual(other["Users"], 0)


class AuthorizationDetailsTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.prep
        p("iam", "CreateGroup", GroupName="devs")
        p("iam", "PutGroupPolicy", GroupName="devs", PolicyName="group-inline",
          PolicyDocument=json.dumps(DOC))
        p("iam", "CreateUser", UserName="alice", Path="/team/",
          Tags=[{"Key": "team", "Value": "blue"}])
        p("iam", "AddUserToGroup", GroupName="devs", UserName="alice")
        p("iam", "PutUserPolicy", UserName="alice", PolicyName="user-inline",
          PolicyDocument=json.dumps(DOC2, indent=2))
        p("iam", "CreatePolicy", PolicyName="Versioned", PolicyDocument=json.dumps(DOC),
          Description="two versions")
        p("iam", "CreatePolicyVersion", PolicyArn=policy_arn("Versioned"),
          PolicyDocument=json.dumps(DOC2), SetAsDefault=True)
        p("iam", "AttachUserPolicy", UserName="alice", PolicyArn=policy_arn("Versioned"))
        p("iam", "CreateRole", RoleName="app-role", AssumeRolePolicyDocument=TRUST)
        p("iam", "PutRolePolicy", RoleName="app-role", PolicyName="role-inline",
          PolicyDocument=json.dumps(DOC))
        p("iam", "AttachRolePolicy", RoleName="app-role",
          PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        p("iam", "CreateInstanceProfile", InstanceProfileName="app-profile", Path="/web/")
        p("iam", "AddRoleToInstanceProfile", InstanceProfileName="app-profile", RoleName="app-role")
        p("iam", "AttachGroupPolicy", GroupName="devs",
          PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        p("iam", "CreatePolicy", PolicyName="Unattached", PolicyDocument=json.dumps(DOC))
        for i in range(4):
            p("iam", "CreateUser", UserName=f"pager-{i}")
        p("iam", "CreateUser", UserName="bounded", PermissionsBoundary=policy_arn("Unattached"))

    def test_everything(self):
        details = self.iam("GetAccountAuthorizationDetails")
        if self.driver.kind == "boto3":  # the CLI merges pages and drops IsTruncated
            self.assertIs(details["IsTruncated"], False)
        users = {u["UserName"]: u for u in details["UserDetailList"]}
        alice = users["alice"]
        self.assertEqual(alice["Path"], "/team/")
        self.assertEqual(alice["Arn"], f"arn:aws:iam::{ACCOUNT}:user/team/alice")
        self.assertEqual(alice["GroupList"], ["devs"])
        self.assertEqual(alice["UserPolicyList"],
                         [{"PolicyName": "user-inline", "PolicyDocument": DOC2}])
        self.assertEqual(alice["AttachedManagedPolicies"],
                         [{"PolicyName": "Versioned", "PolicyArn": policy_arn("Versioned")}])
        self.assertEqual(alice["Tags"], [{"Key": "team", "Value": "blue"}])
        self.assertEqual(users["pager-0"]["GroupList"], [])
        self.assertNotIn("PermissionsBoundary", users["pager-0"])
        self.assertEqual(users["bounded"]["PermissionsBoundary"],
                         {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                          "PermissionsBoundaryArn": policy_arn("Unattached")})

        groups = {g["GroupName"]: g for g in details["GroupDetailList"]}
        self.assertEqual(groups["devs"]["GroupPolicyList"],
                         [{"PolicyName": "group-inline", "PolicyDocument": DOC}])
        self.assertEqual(groups["devs"]["AttachedManagedPolicies"][0]["PolicyName"],
                         "ReadOnlyAccess")

        roles = {r["RoleName"]: r for r in details["RoleDetailList"]}
        role = roles["app-role"]
        self.assertEqual(role["AssumeRolePolicyDocument"], cases.load_json("assume-policy.json"))
        self.assertEqual(role["RolePolicyList"],
                         [{"PolicyName": "role-inline", "PolicyDocument": DOC}])
        [profile] = role["InstanceProfileList"]
        self.assertEqual(profile["InstanceProfileName"], "app-profile")
        self.assertEqual(profile["Arn"], f"arn:aws:iam::{ACCOUNT}:instance-profile/web/app-profile")
        self.assertId(profile["InstanceProfileId"], "AIPA")
        self.assertEqual([r["RoleName"] for r in profile["Roles"]], ["app-role"])
        self.assertEqual(profile["Roles"][0]["RoleId"], role["RoleId"])
        self.assertEqual(role["AttachedManagedPolicies"],
                         [{"PolicyName": "ReadOnlyAccess",
                           "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])

        policies = {p["PolicyName"]: p for p in details["Policies"]}
        versioned = policies["Versioned"]
        self.assertEqual(versioned["DefaultVersionId"], "v2")
        self.assertEqual(versioned["AttachmentCount"], 1)
        self.assertEqual(versioned["Description"], "two versions")
        self.assertIs(versioned["IsAttachable"], True)
        by_version = {v["VersionId"]: v for v in versioned["PolicyVersionList"]}
        self.assertEqual(by_version["v1"]["Document"], DOC)
        self.assertIs(by_version["v1"]["IsDefaultVersion"], False)
        self.assertEqual(by_version["v2"]["Document"], DOC2)
        self.assertIs(by_version["v2"]["IsDefaultVersion"], True)
        self.assertEqual(policies["Unattached"]["AttachmentCount"], 0)
        self.assertEqual(policies["Unattached"]["PermissionsBoundaryUsageCount"], 1)
        # AWS managed policies appear while attached, with their default version.
        ro = policies["ReadOnlyAccess"]
        self.assertEqual(ro["Arn"], "arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assertEqual(ro["AttachmentCount"], 2)
        self.assertEqual(len(ro["PolicyVersionList"]), 1)
        self.assertIn("Statement", ro["PolicyVersionList"][0]["Document"])
        self.assertNotIn("AdministratorAccess", policies)

    def test_filter(self):
        only_roles = self.iam("GetAccountAuthorizationDetails", Filter=["Role"])
        self.assertEqual([r["RoleName"] for r in only_roles["RoleDetailList"]], ["app-role"])
        self.assertEqual(only_roles.get("UserDetailList", []), [])
        self.assertEqual(only_roles.get("Policies", []), [])
        local = self.iam("GetAccountAuthorizationDetails", Filter=["LocalManagedPolicy"])
        self.assertEqual(sorted(p["PolicyName"] for p in local["Policies"]),
                         ["Unattached", "Versioned"])
        aws = self.iam("GetAccountAuthorizationDetails", Filter=["AWSManagedPolicy", "Group"])
        self.assertEqual([p["PolicyName"] for p in aws["Policies"]], ["ReadOnlyAccess"])
        self.assertEqual([g["GroupName"] for g in aws["GroupDetailList"]], ["devs"])

    def test_paging_across_lists(self):
        everything = self.iam("GetAccountAuthorizationDetails")
        keys = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]
        for size in (1, 2, 3):
            paged = paging.collect(self, "GetAccountAuthorizationDetails", keys, size)
            for key in keys:
                self.assertEqual([json.dumps(x, sort_keys=True) for x in paged[key]],
                                 [json.dumps(x, sort_keys=True) for x in everything[key]],
                                 f"{key} with pages of {size}")

    def test_invalid_marker(self):
        self.expect_error("ValidationError", "Invalid Marker.", "iam",
                          "GetAccountAuthorizationDetails", {"Marker": "not-a-marker"})


cases.per_client(AliasTests, globals(), prefix="AccountAlias")
cases.per_client(SummaryTests, globals(), prefix="AccountSummary")
cases.per_client(AuthorizationDetailsTests, globals(), prefix="AuthorizationDetails")

if __name__ == "__main__":
    unittest.main()
