"""--seed FILE: the seed's accounts, users (with the access keys the file gives), groups,
memberships, managed and inline policies, attachments, tags and roles exist when the server
starts, are usable by every client, and come back after POST /_localiam/reset; a bad seed
stops the start with the file's line and the field."""

import json
import os
import subprocess
import unittest

from support import cases, clients, config
from support.clients import AwsError, Creds
from support.server import LocalIam

SEED = str(config.fixture("seed.json"))
ALICE = Creds("AKIAALICE00000000001", "alice-secret-key")
BOB = Creds("AKIABOB0000000000001", "bob-secret-key")
CI_BOT = Creds("AKIACIBOT00000000001", "ci-secret-key")
ACCOUNT = config.ACCOUNT


class SeedTests:
    auth = "verify"
    extra_args = ("--seed", SEED)

    def check_seeded(self):
        me = self.sts("GetCallerIdentity", creds=ALICE)
        self.assertEqual(me["Arn"], f"arn:aws:iam::{ACCOUNT}:user/people/alice")
        self.assertEqual(self.sts("GetCallerIdentity", creds=BOB)["Arn"],
                         "arn:aws:iam::111111111111:user/bob")
        # An Inactive key from the seed is refused.
        self.expect_error("InvalidClientTokenId", None, "sts", "GetCallerIdentity", creds=CI_BOT)

        group = self.iam("GetGroup", GroupName="developers")
        self.assertEqual([u["UserName"] for u in group["Users"]], ["alice"])
        attached = self.iam("ListAttachedGroupPolicies", GroupName="developers")["AttachedPolicies"]
        self.assertEqual(sorted(p["PolicyArn"] for p in attached),
                         [f"arn:aws:iam::{ACCOUNT}:policy/team/ReadBuckets",
                          "arn:aws:iam::aws:policy/ReadOnlyAccess"])
        self.assertEqual(self.iam("ListGroupPolicies", GroupName="developers")["PolicyNames"], ["read-iam"])
        policy = self.iam("GetPolicy", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/team/ReadBuckets")["Policy"]
        self.assertEqual(policy["Description"], "List the buckets")
        self.assertEqual(policy["AttachmentCount"], 1)
        tags = self.iam("ListUserTags", UserName="alice")["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "web"}])
        role = self.iam("GetRole", RoleName="deployer")["Role"]
        self.assertEqual(role["MaxSessionDuration"], 7200)
        self.assertEqual(role["Description"], "CI deploys with this role")
        keys = self.iam("ListAccessKeys", UserName="ci-bot")["AccessKeyMetadata"]
        self.assertEqual([(k["AccessKeyId"], k["Status"]) for k in keys],
                         [("AKIACIBOT00000000001", "Inactive")])
        # The seeded user can assume the seeded role (its trust policy names the account).
        session = self.sts("AssumeRole", creds=ALICE, RoleArn=role["Arn"], RoleSessionName="s1")
        c = session["Credentials"]
        me = self.sts("GetCallerIdentity", creds=Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]))
        self.assertEqual(me["Arn"], f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/s1")

    def test_seeded_at_start_and_restored_by_reset(self):
        self.check_seeded()
        # Change things, then reset: the seed comes back and the changes are gone.
        self.iam("CreateUser", UserName="temporary")
        self.iam("RemoveUserFromGroup", GroupName="developers", UserName="alice")
        self.iam("DeleteGroupPolicy", GroupName="developers", PolicyName="read-iam")
        status, body = self.server.admin("POST", "/_localiam/reset")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"status": "reset", "seeded": True})
        self.expect_error("NoSuchEntity", "The user with name temporary cannot be found.",
                          "iam", "GetUser", {"UserName": "temporary"})
        self.check_seeded()


cases.per_client(SeedTests, globals(), prefix="Seed")


class SeedErrors(unittest.TestCase):
    """A bad seed stops the start (exit 2) with FILE:LINE: FIELD: reason."""

    def start(self, text):
        work = os.path.join(config.tmp_root(), "SeedErrors")
        os.makedirs(work, exist_ok=True)
        path = os.path.join(work, "bad-seed.json")
        with open(path, "w") as f:
            f.write(text)
        proc = subprocess.run([config.BINARY, "--port", "0", "--data", ":memory:", "--seed", path],
                              capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
                              env={k: v for k, v in os.environ.items() if not k.startswith("LOCALIAM_")})
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        return proc.stderr.strip(), path

    def test_shape_error(self):
        err, path = self.start('{\n  "users": [\n    {"name": "ok"},\n    {"name": ["x"]}\n  ]\n}\n')
        self.assertEqual(err, f"localiam: bad seed: {path}:4: users[1].name: must be a string, not an array")

    def test_iam_validation_error_names_the_field(self):
        err, path = self.start('{"roles": [{"name": "r",\n "max_session_duration": 60,\n'
                               ' "assume_role_policy": {"Version": "2012-10-17", "Statement": []}}]}')
        self.assertTrue(err.startswith(f"localiam: bad seed: {path}:2: roles[0].max_session_duration: "
                                       "ValidationError: 1 validation error detected: Value at "
                                       "'maxSessionDuration' failed to satisfy constraint: Member must "
                                       "have value greater than or equal to 3600"), err)

    def test_missing_group(self):
        err, path = self.start('{"users": [{"name": "u",\n\n  "groups": ["ghosts"]}]}')
        self.assertEqual(err, f"localiam: bad seed: {path}:3: users[0].groups[0]: AddUserToGroup failed: "
                              "NoSuchEntity: The group with name ghosts cannot be found.")

    def test_not_json(self):
        err, path = self.start('{"users": [\n  {"name": "u"},\n]}')
        self.assertTrue(err.startswith(f"localiam: bad seed: {path}:3: "), err)

    def test_duplicate_access_key(self):
        err, path = self.start('{"users": [{"name": "a", "access_keys": [{"id": "AKIADUPLICATE0000001", "secret": "x"}]},\n'
                               '{"name": "b", "access_keys": [\n{"id": "AKIADUPLICATE0000001", "secret": "y"}]}]}')
        self.assertEqual(err, f"localiam: bad seed: {path}:3: users[1].access_keys[0].id: "
                              "access key AKIADUPLICATE0000001 exists already")


class SeedKeepsExistingData(unittest.TestCase):
    """A data file that already holds state is not seeded again at start; reset restores the seed."""

    def test_restart_keeps_changes(self):
        server = LocalIam("SeedKeepsExistingData", extra_args=["--seed", SEED])
        self.addCleanup(server.kill)
        server.start()
        fast = clients.fast()
        fast.call(server.url, clients.ROOT, "iam", "CreateUser", {"UserName": "added-later"})
        server.restart()
        names = [u["UserName"] for u in fast.call(server.url, clients.ROOT, "iam", "ListUsers")["Users"]]
        self.assertEqual(sorted(names), ["added-later", "alice", "ci-bot"])
        self.assertIn("was not applied", server._new_log())
        status, _ = server.admin("POST", "/_localiam/reset")
        self.assertEqual(status, 200)
        names = [u["UserName"] for u in fast.call(server.url, clients.ROOT, "iam", "ListUsers")["Users"]]
        self.assertEqual(sorted(names), ["alice", "ci-bot"])
        server.stop()


if __name__ == "__main__":
    unittest.main()
