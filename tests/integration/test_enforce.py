"""--auth enforce through every client: a user without permissions is denied CreateUser with
AWS's AccessDenied message; attaching a policy lets them; a permissions boundary limits them;
an explicit deny wins; a session policy limits an assumed role; a trust policy with an
ExternalId condition refuses the wrong ExternalId; the account root is never denied.
"""

import json
import os
import time
import unittest

from support import cases, config
from support.clients import Creds

ACCOUNT = "000000000000"


def doc(effect, actions, resource="*"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": effect, "Action": actions, "Resource": resource}]})


class EnforceTests:
    auth = "enforce"
    root_keys = ("test", "test")

    def setUp(self):
        # Each test gets its own user, so that the clients' runs do not interfere.
        self.name = f"u{time.time_ns() % 10**12}"
        self.user, self.creds = self.prep_user_with_key(self.name)

    def denied(self, action, resource, reason):
        return (f"User: {self.user['Arn']} is not authorized to perform: {action} "
                f"on resource: {resource} {reason}")

    def test_policy_story(self):
        target = f"arn:aws:iam::{ACCOUNT}:user/{self.name}-new"
        self.expect_error("AccessDenied",
                          self.denied("iam:CreateUser", target,
                                      "because no identity-based policy allows the iam:CreateUser action"),
                          "iam", "CreateUser", {"UserName": self.name + "-new"}, creds=self.creds)
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="admin",
                  PolicyDocument=doc("Allow", "iam:*"))
        created = self.iam("CreateUser", creds=self.creds, UserName=self.name + "-new")
        self.assertEqual(created["User"]["Arn"], target)
        # An explicit deny wins over the allow.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="no-delete",
                  PolicyDocument=doc("Deny", "iam:DeleteUser"))
        self.expect_error("AccessDenied",
                          self.denied("iam:DeleteUser", target,
                                      "with an explicit deny in an identity-based policy"),
                          "iam", "DeleteUser", {"UserName": self.name + "-new"}, creds=self.creds)
        # The root is never denied.
        self.iam("DeleteUser", UserName=self.name + "-new")

    def test_list_actions_name_the_path(self):
        # ListUsers/ListRoles are authorised against the listed path, as AWS's messages show.
        reason = "because no identity-based policy allows the {} action"
        self.expect_error("AccessDenied",
                          self.denied("iam:ListUsers", f"arn:aws:iam::{ACCOUNT}:user/",
                                      reason.format("iam:ListUsers")),
                          "iam", "ListUsers", {}, creds=self.creds)
        self.expect_error("AccessDenied",
                          self.denied("iam:ListRoles", f"arn:aws:iam::{ACCOUNT}:role/app/",
                                      reason.format("iam:ListRoles")),
                          "iam", "ListRoles", {"PathPrefix": "/app/"}, creds=self.creds)
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="list-app",
                  PolicyDocument=doc("Allow", "iam:ListRoles", f"arn:aws:iam::{ACCOUNT}:role/app/*"))
        self.assertEqual(self.iam("ListRoles", creds=self.creds, PathPrefix="/app/")["Roles"], [])

    def test_context_keys(self):
        def cond_doc(action, condition):
            return json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": action, "Resource": "*", "Condition": condition}]})
        self.prep("iam", "TagUser", UserName=self.name, Tags=[{"Key": "team", "Value": "blue"}])
        for other, team in ((self.name + "-blue", "blue"), (self.name + "-red", "red")):
            self.prep("iam", "CreateUser", UserName=other, Tags=[{"Key": "team", "Value": team}])
        # aws:ResourceTag against a policy variable from aws:PrincipalTag.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="same-team",
                  PolicyDocument=cond_doc("iam:GetUser", {"StringEquals": {
                      "aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}))
        self.iam("GetUser", creds=self.creds, UserName=self.name + "-blue")
        self.expect_error("AccessDenied",
                          self.denied("iam:GetUser", f"arn:aws:iam::{ACCOUNT}:user/{self.name}-red",
                                      "because no identity-based policy allows the iam:GetUser action"),
                          "iam", "GetUser", {"UserName": self.name + "-red"}, creds=self.creds)
        # aws:RequestTag and aws:TagKeys on CreateUser.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="tagged-create",
                  PolicyDocument=cond_doc("iam:CreateUser", {
                      "StringEquals": {"aws:RequestTag/env": "dev"},
                      "ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}))
        self.iam("CreateUser", creds=self.creds, UserName=self.name + "-dev",
                 Tags=[{"Key": "env", "Value": "dev"}])
        for tags in ([], [{"Key": "env", "Value": "prod"}],
                     [{"Key": "env", "Value": "dev"}, {"Key": "x", "Value": "y"}]):
            params = {"UserName": self.name + "-nope"}
            if tags:
                params["Tags"] = tags
            target = f"arn:aws:iam::{ACCOUNT}:user/{self.name}-nope"
            self.expect_error("AccessDenied",
                              self.denied("iam:CreateUser", target,
                                          "because no identity-based policy allows the "
                                          "iam:CreateUser action"),
                              "iam", "CreateUser", params, creds=self.creds)
        # iam:PolicyARN limits which policy may be attached.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="attach-ro",
                  PolicyDocument=cond_doc("iam:AttachUserPolicy", {"ArnEquals": {
                      "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}))
        self.iam("AttachUserPolicy", creds=self.creds, UserName=self.name + "-dev",
                 PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.expect_error("AccessDenied",
                          self.denied("iam:AttachUserPolicy",
                                      f"arn:aws:iam::{ACCOUNT}:user/{self.name}-dev",
                                      "because no identity-based policy allows the "
                                      "iam:AttachUserPolicy action"),
                          "iam", "AttachUserPolicy",
                          {"UserName": self.name + "-dev",
                           "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                          creds=self.creds)

    def test_boundary_limits(self):
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="admin",
                  PolicyDocument=doc("Allow", "iam:*"))
        boundary = self.prep("iam", "CreatePolicy", PolicyName=self.name + "-boundary",
                             PolicyDocument=doc("Allow", ["iam:Get*", "iam:List*"]))["Policy"]["Arn"]
        self.prep("iam", "PutUserPermissionsBoundary", UserName=self.name,
                  PermissionsBoundary=boundary)
        self.iam("GetUser", creds=self.creds, UserName=self.name)
        target = f"arn:aws:iam::{ACCOUNT}:user/{self.name}-b"
        self.expect_error("AccessDenied",
                          self.denied("iam:CreateUser", target,
                                      "because no permissions boundary allows the iam:CreateUser action"),
                          "iam", "CreateUser", {"UserName": self.name + "-b"}, creds=self.creds)

    def test_session_policy_and_trust_policy(self):
        role_name = self.name + "-role"
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "right-id"}}}]})
        role = self.prep("iam", "CreateRole", RoleName=role_name,
                         AssumeRolePolicyDocument=trust)["Role"]
        self.prep("iam", "PutRolePolicy", RoleName=role_name, PolicyName="iam-all",
                  PolicyDocument=doc("Allow", "iam:*"))
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="assume",
                  PolicyDocument=doc("Allow", "sts:AssumeRole", role["Arn"]))
        denied = (f"User: {self.user['Arn']} is not authorized to perform: sts:AssumeRole "
                  f"on resource: {role['Arn']}")
        self.expect_error("AccessDenied", denied, "sts", "AssumeRole",
                          {"RoleArn": role["Arn"], "RoleSessionName": "sess", "ExternalId": "wrong-id"},
                          creds=self.creds)
        self.expect_error("AccessDenied", denied, "sts", "AssumeRole",
                          {"RoleArn": role["Arn"], "RoleSessionName": "sess"}, creds=self.creds)
        result = self.sts("AssumeRole", creds=self.creds, RoleArn=role["Arn"], RoleSessionName="sess",
                          ExternalId="right-id", Policy=doc("Allow", ["iam:Get*", "iam:List*"]))
        c = result["Credentials"]
        from support.clients import Creds
        session = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        self.iam("GetRole", creds=session, RoleName=role_name)
        session_arn = result["AssumedRoleUser"]["Arn"]
        self.expect_error("AccessDenied",
                          f"User: {session_arn} is not authorized to perform: iam:CreateUser on "
                          f"resource: arn:aws:iam::{ACCOUNT}:user/{self.name}-s because no session "
                          f"policy allows the iam:CreateUser action",
                          "iam", "CreateUser", {"UserName": self.name + "-s"}, creds=session)

    def test_trust_naming_the_account_delegates_to_identity_policies(self):
        # A trust policy naming the account (root ARN or bare ID) lets the account's principals
        # assume the role only when their own policies allow it; naming the user or the role
        # itself needs no policy of theirs (same account), as on AWS.
        def trust(principal):
            return json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})

        def assume(role_arn, creds):
            return self.sts("AssumeRole", creds=creds, RoleArn=role_arn, RoleSessionName="s1")

        def refused(role_arn, creds, caller_arn):
            self.expect_error("AccessDenied",
                              f"User: {caller_arn} is not authorized to perform: sts:AssumeRole "
                              f"on resource: {role_arn}",
                              "sts", "AssumeRole", {"RoleArn": role_arn, "RoleSessionName": "s1"},
                              creds=creds)

        by_root = self.prep("iam", "CreateRole", RoleName=self.name + "-root",
                            AssumeRolePolicyDocument=trust(f"arn:aws:iam::{ACCOUNT}:root"))["Role"]
        by_id = self.prep("iam", "CreateRole", RoleName=self.name + "-id",
                          AssumeRolePolicyDocument=trust(ACCOUNT))["Role"]
        by_user = self.prep("iam", "CreateRole", RoleName=self.name + "-user",
                            AssumeRolePolicyDocument=trust(self.user["Arn"]))["Role"]
        # The user has no policies: the account's trust is not enough.
        refused(by_root["Arn"], self.creds, self.user["Arn"])
        refused(by_id["Arn"], self.creds, self.user["Arn"])
        # The simulator agrees for the same question.
        sim = self.iam("SimulatePrincipalPolicy", PolicySourceArn=self.user["Arn"],
                       ActionNames=["sts:AssumeRole"], ResourceArns=[by_root["Arn"]])
        self.assertEqual(sim["EvaluationResults"][0]["EvalDecision"], "implicitDeny")
        # Named in the trust policy itself, the user needs nothing more.
        session = assume(by_user["Arn"], self.creds)
        self.assertEqual(session["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-user/s1")
        # Allowed by the user's own policy, for that role only.
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="assume-root-role",
                  PolicyDocument=doc("Allow", "sts:AssumeRole", by_root["Arn"]))
        self.assertEqual(assume(by_root["Arn"], self.creds)["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-root/s1")
        refused(by_id["Arn"], self.creds, self.user["Arn"])
        # A role session: naming its role in the trust policy is enough; naming the account
        # needs the role's own policy.
        c = session["Credentials"]
        role_creds = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        session_arn = session["AssumedRoleUser"]["Arn"]
        by_role = self.prep("iam", "CreateRole", RoleName=self.name + "-chained",
                            AssumeRolePolicyDocument=trust(by_user["Arn"]))["Role"]
        self.assertEqual(assume(by_role["Arn"], role_creds)["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-chained/s1")
        refused(by_id["Arn"], role_creds, session_arn)
        self.prep("iam", "PutRolePolicy", RoleName=self.name + "-user", PolicyName="assume",
                  PolicyDocument=doc("Allow", "sts:AssumeRole"))
        self.assertEqual(assume(by_id["Arn"], role_creds)["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}-id/s1")

    def test_session_tags_and_source_identity_need_their_own_permission(self):
        # Passing session tags needs sts:TagSession, a source identity sts:SetSourceIdentity,
        # from the trust policy and (when it names the account) the caller's policies.
        def trust(principal, actions):
            return json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": principal}, "Action": actions}]})

        def denied(role_arn, action, **extra):
            self.expect_error("AccessDenied",
                              f"User: {self.user['Arn']} is not authorized to perform: {action} "
                              f"on resource: {role_arn}",
                              "sts", "AssumeRole",
                              dict(RoleArn=role_arn, RoleSessionName="s1", **extra),
                              creds=self.creds)

        tags = {"Tags": [{"Key": "team", "Value": "blue"}]}
        plain = self.prep("iam", "CreateRole", RoleName=self.name + "-plain",
                          AssumeRolePolicyDocument=trust(self.user["Arn"], "sts:AssumeRole"))["Role"]
        self.sts("AssumeRole", creds=self.creds, RoleArn=plain["Arn"], RoleSessionName="s1")
        denied(plain["Arn"], "sts:TagSession", **tags)
        denied(plain["Arn"], "sts:SetSourceIdentity", SourceIdentity="someone")
        both = self.prep("iam", "CreateRole", RoleName=self.name + "-tags",
                         AssumeRolePolicyDocument=trust(
                             self.user["Arn"],
                             ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]))["Role"]
        result = self.sts("AssumeRole", creds=self.creds, RoleArn=both["Arn"], RoleSessionName="s1",
                          SourceIdentity="someone", **tags)
        self.assertEqual(result["SourceIdentity"], "someone")
        # Trusting the account: the user's own policies must allow sts:TagSession as well.
        account = self.prep("iam", "CreateRole", RoleName=self.name + "-acct",
                            AssumeRolePolicyDocument=trust(f"arn:aws:iam::{ACCOUNT}:root",
                                                           ["sts:AssumeRole", "sts:TagSession"]))["Role"]
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="assume",
                  PolicyDocument=doc("Allow", "sts:AssumeRole", account["Arn"]))
        denied(account["Arn"], "sts:TagSession", **tags)
        self.prep("iam", "PutUserPolicy", UserName=self.name, PolicyName="assume",
                  PolicyDocument=doc("Allow", ["sts:AssumeRole", "sts:TagSession"], account["Arn"]))
        self.sts("AssumeRole", creds=self.creds, RoleArn=account["Arn"], RoleSessionName="s1", **tags)


OTHER = "111111111111"
DAVE = Creds("AKIADAVE000000000001", "dave-secret-key")
ERIN = Creds("AKIAERIN000000000001", "erin-secret-key")


class CrossAccountTrustTests:
    """Another account's users (from a seed: dave has no policies, erin may assume roles of
    000000000000): the trust policy and the caller's own policies must both allow."""
    auth = "enforce"
    root_keys = ("test", "test")

    @classmethod
    def setUpClass(cls):
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"}]}
        seed = {
            "roles": [{"name": "from-other", "assume_role_policy": trust}],
            "accounts": [{"id": OTHER, "users": [
                {"name": "dave", "access_keys": [{"id": DAVE.access_key, "secret": DAVE.secret_key}]},
                {"name": "erin", "access_keys": [{"id": ERIN.access_key, "secret": ERIN.secret_key}],
                 "inline_policies": {"assume": json.loads(
                     doc("Allow", "sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/*"))}}]}]}
        path = os.path.join(config.tmp_root(), f"cross-account-seed-{cls.__name__}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(seed, f)
        cls.extra_args = ("--seed", path)
        super().setUpClass()

    def refused(self, role, creds, caller):
        role_arn = f"arn:aws:iam::{ACCOUNT}:role/{role}"
        self.expect_error("AccessDenied",
                          f"User: arn:aws:iam::{OTHER}:user/{caller} is not authorized to perform: "
                          f"sts:AssumeRole on resource: {role_arn}",
                          "sts", "AssumeRole", {"RoleArn": role_arn, "RoleSessionName": "s1"},
                          creds=creds)

    def test_both_sides_must_allow(self):
        # The trust policy names dave's account, but dave's own policies allow nothing.
        self.refused("from-other", DAVE, "dave")
        # Naming dave himself is not enough across accounts either.
        self.prep("iam", "CreateRole", RoleName=f"names-dave-{self.driver.name}",
                  AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                      "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:user/dave"},
                      "Action": "sts:AssumeRole"}]}))
        self.refused(f"names-dave-{self.driver.name}", DAVE, "dave")
        # erin's policy allows, and the trust policy names her account.
        result = self.sts("AssumeRole", creds=ERIN, RoleArn=f"arn:aws:iam::{ACCOUNT}:role/from-other",
                          RoleSessionName="s1")
        self.assertEqual(result["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/from-other/s1")
        # ... but not where the trust policy names someone else.
        self.refused(f"names-dave-{self.driver.name}", ERIN, "erin")


cases.per_client(EnforceTests, globals(), prefix="Enforce")
cases.per_client(CrossAccountTrustTests, globals(), prefix="EnforceCrossAccount")

if __name__ == "__main__":
    unittest.main()
