"""Partitions (issue 16 point 7) through the aws CLI and boto3: a client signing for cn-north-1
gets arn:aws-cn:… ARNs, one signing for us-gov-west-1 arn:aws-us-gov:… (entities, the caller,
assumed-role and federated-user sessions, AWS managed policies, OIDC providers), policies are
evaluated and simulated against those ARNs, and an account reached through a second partition
is refused with an error that names both.

In open mode a 12-digit access key selects the account, so each test uses accounts of its own.
"""

import json
import unittest

from support import cases, clients
from support.clients import Creds
from support.server import LocalIam

CN = "cn-north-1"
GOV = "us-gov-west-1"
MISMATCH = "The security token included in the request is invalid: account "


def root(account, region):
    return Creds(account, "test", region=region)


def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})


def allow(action, resource):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": resource}]})


def session_creds(result, region):
    c = result["Credentials"]
    return Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], region=region)


class PartitionTests:
    def entities_in(self, account, region, partition):
        """Creates a user, role, policy and instance profile in `account` signing for `region`
        and checks every ARN names `partition`; returns the user's and role's ARNs."""
        creds = root(account, region)
        iam = f"arn:{partition}:iam::{account}"
        me = self.sts("GetCallerIdentity", creds=creds)
        self.assertEqual(me["Arn"], f"{iam}:root")
        user = self.iam("CreateUser", creds=creds, UserName="alice", Path="/team/")["User"]
        self.assertEqual(user["Arn"], f"{iam}:user/team/alice")
        self.assertEqual(self.iam("GetUser", creds=creds, UserName="alice")["User"]["Arn"],
                         f"{iam}:user/team/alice")
        role = self.iam("CreateRole", creds=creds, RoleName="app",
                        AssumeRolePolicyDocument=trust(f"{iam}:root"))["Role"]
        self.assertEqual(role["Arn"], f"{iam}:role/app")
        policy = self.iam("CreatePolicy", creds=creds, PolicyName="mine",
                          PolicyDocument=allow("s3:GetObject", f"arn:{partition}:s3:::b/*"))
        self.assertEqual(policy["Policy"]["Arn"], f"{iam}:policy/mine")
        profile = self.iam("CreateInstanceProfile", creds=creds, InstanceProfileName="web")
        self.assertEqual(profile["InstanceProfile"]["Arn"], f"{iam}:instance-profile/web")
        group = self.iam("CreateGroup", creds=creds, GroupName="devs")["Group"]
        self.assertEqual(group["Arn"], f"{iam}:group/devs")
        return user["Arn"], role["Arn"]

    def test_china_entities_sessions_and_managed_policies(self):
        account = "210000000001"
        creds = root(account, CN)
        user_arn, role_arn = self.entities_in(account, CN, "aws-cn")

        # AWS managed policies are named in the request's partition, and only there.
        read_only = "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"
        self.assertEqual(self.iam("GetPolicy", creds=creds, PolicyArn=read_only)["Policy"]["Arn"],
                         read_only)
        self.iam("AttachUserPolicy", creds=creds, UserName="alice", PolicyArn=read_only)
        attached = self.iam("ListAttachedUserPolicies", creds=creds, UserName="alice")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [read_only])
        self.expect_error("NoSuchEntity", "Policy arn:aws:iam::aws:policy/ReadOnlyAccess does not "
                          "exist or is not attachable.", "iam", "AttachUserPolicy",
                          {"UserName": "alice", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                          creds=creds)

        # The user signs for cn-north-1 too: its identity, an assumed role, a federated user.
        key = self.iam("CreateAccessKey", creds=creds, UserName="alice")["AccessKey"]
        alice = Creds(key["AccessKeyId"], key["SecretAccessKey"], region=CN)
        self.assertEqual(self.sts("GetCallerIdentity", creds=alice)["Arn"], user_arn)
        assumed = self.sts("AssumeRole", creds=alice, RoleArn=role_arn, RoleSessionName="s1")
        session_arn = f"arn:aws-cn:sts::{account}:assumed-role/app/s1"
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"], session_arn)
        self.assertEqual(self.sts("GetCallerIdentity", creds=session_creds(assumed, CN))["Arn"],
                         session_arn)
        federated = self.sts("GetFederationToken", creds=alice, Name="fred")
        self.assertEqual(federated["FederatedUser"]["Arn"],
                         f"arn:aws-cn:sts::{account}:federated-user/fred")

        # The simulator evaluates the user's policies against aws-cn ARNs.
        result = self.iam("SimulatePrincipalPolicy", creds=creds, PolicySourceArn=user_arn,
                          ActionNames=["iam:GetUser"], ResourceArns=[user_arn])
        [r] = result["EvaluationResults"]
        self.assertEqual(r["EvalDecision"], "allowed")
        self.assertEqual(r["EvalResourceName"], user_arn)

        provider = self.iam("CreateOpenIDConnectProvider", creds=creds,
                            Url="https://token.example.com", ClientIDList=["app"],
                            ThumbprintList=["a" * 40])
        self.assertEqual(provider["OpenIDConnectProviderArn"],
                         f"arn:aws-cn:iam::{account}:oidc-provider/token.example.com")

    def test_govcloud_entities_and_sessions(self):
        account = "310000000001"
        creds = root(account, GOV)
        user_arn, role_arn = self.entities_in(account, GOV, "aws-us-gov")
        assumed = self.sts("AssumeRole", creds=creds, RoleArn=role_arn, RoleSessionName="gov")
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"],
                         f"arn:aws-us-gov:sts::{account}:assumed-role/app/gov")
        managed = "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"
        self.iam("AttachRolePolicy", creds=creds, RoleName="app", PolicyArn=managed)
        attached = self.iam("ListAttachedRolePolicies", creds=creds, RoleName="app")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [managed])
        # A role ARN of another partition names no role here.
        self.expect_error("AccessDenied", None, "sts", "AssumeRole",
                          {"RoleArn": f"arn:aws:iam::{account}:role/app", "RoleSessionName": "gov"},
                          creds=creds)

    def test_an_account_lives_in_one_partition(self):
        account = "410000000001"
        # Reading does not fix the partition: the first request that stores something does.
        self.assertEqual(self.sts("GetCallerIdentity", creds=root(account, CN))["Arn"],
                         f"arn:aws-cn:iam::{account}:root")
        self.iam("CreateUser", creds=root(account, "eu-west-1"), UserName="u")
        e = self.expect_error("InvalidClientTokenId", MISMATCH, "iam", "GetUser",
                              {"UserName": "u"}, creds=root(account, CN), prefix=True)
        self.assertIn("lives in partition aws ", e.message)
        self.assertIn("this request is in partition aws-cn (signed for region cn-north-1)",
                      e.message)
        self.expect_error("InvalidClientTokenId", MISMATCH, "sts", "GetCallerIdentity",
                          creds=root(account, GOV), prefix=True)
        # The account still answers in its own partition.
        self.assertEqual(self.iam("GetUser", creds=root(account, "us-west-2"), UserName="u")
                         ["User"]["Arn"], f"arn:aws:iam::{account}:user/u")

    def test_web_identity_in_china(self):
        # AssumeRoleWithWebIdentity is unsigned: it takes the partition its RoleArn names.
        account = "210000000003"
        creds = root(account, CN)
        issuer = self.server.url.rstrip("/") + "/_localiam/oidc"
        provider = self.iam("CreateOpenIDConnectProvider", creds=creds, Url=issuer,
                            ClientIDList=["sts.amazonaws.com"],
                            ThumbprintList=["0" * 40])["OpenIDConnectProviderArn"]
        self.assertEqual(provider, f"arn:aws-cn:iam::{account}:oidc-provider/"
                                   + issuer.split("://", 1)[1])
        role = self.iam("CreateRole", creds=creds, RoleName="web", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Federated": provider},
                "Action": "sts:AssumeRoleWithWebIdentity"}]}))["Role"]
        status, raw = self.server.admin("POST", "/_localiam/oidc/token",
                                        json.dumps({"sub": "me", "aud": "sts.amazonaws.com"}))
        self.assertEqual(status, 200, raw)
        result = self.sts("AssumeRoleWithWebIdentity", creds=creds, RoleArn=role["Arn"],
                          RoleSessionName="web", WebIdentityToken=json.loads(raw)["token"])
        self.assertEqual(result["AssumedRoleUser"]["Arn"],
                         f"arn:aws-cn:sts::{account}:assumed-role/web/web")

    def test_cross_account_role_in_another_partition(self):
        china, commercial = "210000000002", "410000000002"
        role = self.iam("CreateRole", creds=root(commercial, "us-east-1"), RoleName="shared",
                        AssumeRolePolicyDocument=trust("*"))["Role"]
        self.iam("CreateUser", creds=root(china, CN), UserName="c")
        arn_in_cn = role["Arn"].replace("arn:aws:", "arn:aws-cn:")
        e = self.expect_error("InvalidClientTokenId", MISMATCH, "sts", "AssumeRole",
                              {"RoleArn": arn_in_cn, "RoleSessionName": "xx"},
                              creds=root(china, CN), prefix=True)
        self.assertIn(f"account {commercial} lives in partition aws ", e.message)


cases.per_client(PartitionTests, globals(), prefix="Partitions", only={"cli_v2", "boto3"})


class EnforcedPartitionTests:
    """Policies in enforce mode decide on aws-cn ARNs: the caller's, the resource's, and the
    policies' own."""
    auth = "enforce"

    def test_policies_decide_on_china_arns(self):
        creds = Creds("test", "test", region=CN)
        account = cases.ACCOUNT
        self.iam("CreateUser", creds=creds, UserName="reader")
        self.iam("PutUserPolicy", creds=creds, UserName="reader", PolicyName="self",
                 PolicyDocument=allow("iam:GetUser",
                                      f"arn:aws-cn:iam::{account}:user/${{aws:username}}"))
        self.iam("PutUserPolicy", creds=creds, UserName="reader", PolicyName="wrong-partition",
                 PolicyDocument=allow("iam:ListUsers", f"arn:aws:iam::{account}:user/*"))
        self.iam("CreateUser", creds=creds, UserName="other")
        key = self.iam("CreateAccessKey", creds=creds, UserName="reader")["AccessKey"]
        reader = Creds(key["AccessKeyId"], key["SecretAccessKey"], region=CN)
        self.assertEqual(self.iam("GetUser", creds=reader)["User"]["Arn"],
                         f"arn:aws-cn:iam::{account}:user/reader")
        self.expect_error(
            "AccessDenied",
            f"User: arn:aws-cn:iam::{account}:user/reader is not authorized to perform: "
            f"iam:GetUser on resource: arn:aws-cn:iam::{account}:user/other because no "
            "identity-based policy allows the iam:GetUser action",
            "iam", "GetUser", {"UserName": "other"}, creds=reader)
        # A statement naming the aws partition does not cover aws-cn resources.
        self.expect_error("AccessDenied", None, "iam", "ListUsers", creds=reader)


cases.per_client(EnforcedPartitionTests, globals(), prefix="PartitionsEnforced",
                 only={"cli_v2", "boto3"})

class PartitionResetTests(unittest.TestCase):
    """The server remembers accounts' partitions between requests; what a failed write or a reset
    undoes must not be remembered (its own server, since it resets)."""

    def call(self, account, region, service, action, params=None):
        return clients.fast().call(self.server.url, root(account, region), service, action,
                                   params or {})

    def test_a_failed_write_and_a_reset_leave_the_account_free(self):
        self.server = LocalIam("PartitionReset")
        self.addCleanup(self.server.kill)
        self.server.start()
        account = "410000000077"
        # A write that fails in its handler rolls back, partition included.
        with self.assertRaises(clients.AwsError) as failed:
            self.call(account, CN, "iam", "CreatePolicy",
                      {"PolicyName": "p", "PolicyDocument": '{"Version": "2012-10-17"}'})
        self.assertEqual(failed.exception.code, "MalformedPolicyDocument")
        self.call(account, "us-east-1", "iam", "CreateUser", {"UserName": "u"})
        for _ in range(2):  # read, then remembered: refused both times
            with self.assertRaises(clients.AwsError) as refused:
                self.call(account, CN, "iam", "GetUser", {"UserName": "u"})
            self.assertEqual(refused.exception.code, "InvalidClientTokenId")
        self.assertEqual(self.server.admin("POST", "/_localiam/reset")[0], 200)
        created = self.call(account, CN, "iam", "CreateUser", {"UserName": "u"})
        self.assertEqual(created["User"]["Arn"], f"arn:aws-cn:iam::{account}:user/u")
        with self.assertRaises(clients.AwsError) as refused:
            self.call(account, "us-east-1", "iam", "GetUser", {"UserName": "u"})
        self.assertEqual(refused.exception.code, "InvalidClientTokenId")
        # An account only read so far (no partition yet, remembered as such) is fixed by a write
        # in another partition: reads in the first are refused from then on.
        other = "410000000078"
        for _ in range(2):
            self.call(other, "us-east-1", "sts", "GetCallerIdentity")
        self.call(other, CN, "iam", "CreateUser", {"UserName": "v"})
        with self.assertRaises(clients.AwsError) as refused:
            self.call(other, "us-east-1", "sts", "GetCallerIdentity")
        self.assertEqual(refused.exception.code, "InvalidClientTokenId")
        self.server.stop()


if __name__ == "__main__":
    unittest.main()
