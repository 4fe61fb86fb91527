"""State survives a restart with the same --data file (SIGTERM, start again); with
--data :memory: nothing survives."""

import json
import os
import unittest

from support import cases
from support.cases import ACCOUNT
from support.clients import AwsError

ALLOW = json.dumps({"Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})


class RestartTests:
    auth = "verify"
    root_keys = ("test", "test")

    def test_state_survives_restart(self):
        p = self.prep
        p("iam", "CreateGroup", GroupName="keepers")
        user, creds = self.prep_user_with_key("keeper", group="keepers")
        policy_arn = p("iam", "CreatePolicy", PolicyName="Kept", PolicyDocument=ALLOW)["Policy"]["Arn"]
        p("iam", "AttachGroupPolicy", GroupName="keepers", PolicyArn=policy_arn)
        role, session, _ = self.prep_role_session("kept-role", creds, session="before-restart")

        self.server.restart()  # SIGTERM (exit status 0 is checked) and start on the same file
        with open(self.server.data, "rb") as f:
            self.assertEqual(f.read(16), b"SQLite format 3\x00", "--data is a SQLite database file")

        # Long-term keys and temporary credentials made before the restart still verify.
        identity = self.sts("GetCallerIdentity", creds=creds)
        self.assertEqual(identity.get("Arn"), f"arn:aws:iam::{ACCOUNT}:user/keeper")
        self.assertEqual(identity.get("UserId"), user["UserId"])
        identity = self.sts("GetCallerIdentity", creds=session)
        self.assertEqual(identity.get("Arn"), f"arn:aws:sts::{ACCOUNT}:assumed-role/kept-role/before-restart")

        group = self.iam("GetGroup", GroupName="keepers")
        self.assertEqual([u["UserName"] for u in group.get("Users", [])], ["keeper"])
        attached = self.iam("ListAttachedGroupPolicies", GroupName="keepers").get("AttachedPolicies", [])
        self.assertEqual([p["PolicyArn"] for p in attached], [policy_arn])
        version = self.iam("GetPolicyVersion", PolicyArn=policy_arn, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version.get("Document"), json.loads(ALLOW))
        got_role = self.iam("GetRole", RoleName="kept-role")["Role"]
        self.assertEqual(got_role.get("RoleId"), role["RoleId"])
        self.assertEqual(got_role.get("AssumeRolePolicyDocument"), cases.load_json("assume-policy.json"))


cases.per_client(RestartTests, globals(), prefix="Restart")


class MemoryData(cases.ServerCase):
    """--data :memory: keeps nothing across restarts (checked through boto3)."""
    data = ":memory:"

    def test_nothing_survives(self):
        self.prep("iam", "CreateUser", UserName="ephemeral")
        self.assertEqual([u["UserName"] for u in self.prep("iam", "ListUsers")["Users"]], ["ephemeral"])
        self.server.restart()
        self.assertEqual(self.prep("iam", "ListUsers")["Users"], [])
        with self.assertRaises(AwsError) as caught:
            self.prep("iam", "GetUser", UserName="ephemeral")
        self.assertEqual(caught.exception.code, "NoSuchEntity")
        self.assertFalse(os.path.exists(os.path.join(self.server.workdir, ":memory:")),
                         ":memory: must not create a file of that name")


if __name__ == "__main__":
    unittest.main()
