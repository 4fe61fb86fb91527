"""The gateway's decision beyond the caller's identity policies (issue 19), end to end: localiam in
enforce mode in front of a real `moto_server`, driven by boto3 and the aws CLI v2.

Resource-based policies read from the upstream: a KMS key whose policy does not delegate to the
account refuses a user whose IAM policy allows kms:Encrypt, one whose policy delegates lets it;
a Secrets Manager resource policy grants a user with no identity policy (same account), and is
read again as soon as localiam forwards the PutResourcePolicy that adds it; an explicit deny in a
secret's policy beats an identity allow; a user of another account (from a seed file) reads a
secret only once its policy names them. Condition keys: a DynamoDB policy with
`ForAllValues:StringEquals dynamodb:LeadingKeys` lets a user write and query their own partition
and not another's; a DynamoDB table policy grants a user without identity policies;
`aws:ResourceTag` read from the table's tags, and read again after a
TagResource through localiam. An upstream that fails the policy read: the call is decided
without the policy and its access-log line says so. Skipped with a message when moto_server is
not on PATH.
Across accounts and roles on S3: the other account's user reads a bucket only once its bucket
policy names them, and a role assumed through STS reads its bucket and is refused on another,
the denial naming the assumed-role session. (Same-account bucket and queue policies:
test_gateway_s3.)
"""

import http.server
import json
import os
import threading
import time
import unittest

from support import cases, clients, config, gateway, moto
from support.clients import AwsError, Creds

ACCOUNT = config.ACCOUNT
OTHER = "111111111111"
REGION = config.REGION
NO_MOTO = gateway.NO_MOTO
BOB = Creds("AKIABOB0000000000001", "bob-secret-key")

_moto = gateway.ModuleMoto("moto-gateway-policies")


def upstream():
    return _moto.get()


def tearDownModule():
    _moto.stop()


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, resources="*", condition=None, principal=None, effect="Allow"):
    st = {"Effect": effect, "Action": actions, "Resource": resources}
    if condition:
        st["Condition"] = condition
    if principal:
        st["Principal"] = {"AWS": principal}
    return st


boto = gateway.boto


def not_authorized(principal, action, resource, why):
    return f"User: {principal} is not authorized to perform: {action} on resource: {resource} {why}"


class PoliciesCase(cases.ServerCase):
    auth = "enforce"

    @classmethod
    def setUpClass(cls):
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.moto = upstream()
        seed = os.path.join(config.tmp_root(), "gateway-policies-seed.json")
        with open(seed, "w", encoding="utf-8") as f:
            json.dump({"accounts": [{"id": OTHER, "users": [{
                "name": "bob",
                "inline_policies": {"read": json.loads(document(
                    allow(["secretsmanager:GetSecretValue", "s3:GetObject"])))},
                "access_keys": [{"id": BOB.access_key, "secret": BOB.secret_key}]}]}]}, f)
        cls.extra_args = ("--upstream", cls.moto.url, "--seed", seed)
        super().setUpClass()

    def via(self, service, creds=None):
        return boto(self.server.url, creds or cases.ROOT, service)

    def user(self, name, *statements):
        user, creds = self.prep_user_with_key(name)
        if statements:
            self.prep("iam", "PutUserPolicy", UserName=name, PolicyName="p",
                      PolicyDocument=document(*statements))
        return user, creds

    def assertRefused(self, call, message):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDeniedException", caught.exception.response)
        self.assertEqual(error["Message"], message)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)


class KmsKeyPolicies(PoliciesCase):
    def test_a_key_policy_that_does_not_delegate_refuses_an_iam_allow(self):
        user, creds = self.user("kms-user", allow("kms:Encrypt"))
        root = self.via("kms")
        # moto's default key policy lets the account's IAM policies count.
        delegating = root.create_key()["KeyMetadata"]
        # Delegation is per action: the account may change this policy and name the key in an
        # alias (CreateAlias needs the key policy too, besides kms:CreateAlias on the alias),
        # nothing more.
        closed = root.create_key(Policy=document(
            allow("kms:*", principal=f"arn:aws:iam::{ACCOUNT}:user/key-admin"),
            allow(["kms:PutKeyPolicy", "kms:CreateAlias"],
                  principal=f"arn:aws:iam::{ACCOUNT}:root")))["KeyMetadata"]
        kms = self.via("kms", creds)
        blob = kms.encrypt(KeyId=delegating["KeyId"], Plaintext=b"hello")["CiphertextBlob"]
        self.assertTrue(blob)
        self.assertRefused(
            lambda: kms.encrypt(KeyId=closed["KeyId"], Plaintext=b"hello"),
            not_authorized(user["Arn"], "kms:Encrypt", closed["Arn"],
                           "because no resource-based policy allows the kms:Encrypt action"))
        # Named by an alias: the key it points to is read from the upstream, and decides.
        root.create_alias(AliasName="alias/closed", TargetKeyId=closed["KeyId"])
        self.assertRefused(
            lambda: kms.encrypt(KeyId="alias/closed", Plaintext=b"hello"),
            not_authorized(user["Arn"], "kms:Encrypt", closed["Arn"],
                           "because no resource-based policy allows the kms:Encrypt action"))
        # The aws CLI, with the key named by its ARN.
        drivers, _ = clients.discover()
        cli = drivers.get("cli_v2")
        if cli:
            with self.assertRaises(AwsError) as caught:
                cli.run(self.server.url, creds, "kms", "Encrypt", {"KeyId": closed["Arn"]},
                        ["--plaintext", "aGVsbG8="])
            self.assertEqual(caught.exception.code, "AccessDeniedException")
            got = cli.run(self.server.url, creds, "kms", "Encrypt",
                          {"KeyId": delegating["Arn"]}, ["--plaintext", "aGVsbG8="])
            self.assertIn("CiphertextBlob", got)
        # The key policy names the user: allowed, and read again after PutKeyPolicy.
        root.put_key_policy(KeyId=closed["KeyId"], PolicyName="default", Policy=document(
            allow("kms:Encrypt", principal=user["Arn"])))
        self.assertTrue(kms.encrypt(KeyId=closed["KeyId"], Plaintext=b"hi")["CiphertextBlob"])

    def test_even_the_root_needs_the_key_policy(self):
        root = self.via("kms")
        closed = root.create_key(Policy=document(
            allow("kms:*", principal=f"arn:aws:iam::{ACCOUNT}:user/key-admin")))["KeyMetadata"]
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            root.encrypt(KeyId=closed["KeyId"], Plaintext=b"x")
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDeniedException")
        # CreateAlias is decided on the alias and on the key: the key policy refuses it.
        with self.assertRaises(ClientError) as caught:
            root.create_alias(AliasName="alias/locked", TargetKeyId=closed["KeyId"])
        self.assertIn(f"kms:CreateAlias on resource: {closed['Arn']}",
                      caught.exception.response["Error"]["Message"])


class SecretPolicies(PoliciesCase):
    def test_a_resource_policy_grants_a_user_without_identity_policies(self):
        user, creds = self.user("no-policy")
        root = self.via("secretsmanager")
        name = "granted/db"
        root.create_secret(Name=name, SecretString="s3cr3t")
        sm = self.via("secretsmanager", creds)
        arn = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}"
        self.assertRefused(
            lambda: sm.get_secret_value(SecretId=name),
            not_authorized(user["Arn"], "secretsmanager:GetSecretValue", arn,
                           "because no identity-based policy allows the "
                           "secretsmanager:GetSecretValue action"))
        # The policy added through localiam is read at once (the cache entry is dropped).
        root.put_resource_policy(SecretId=name, ResourcePolicy=document(
            allow("secretsmanager:GetSecretValue", principal=user["Arn"])))
        self.assertEqual(sm.get_secret_value(SecretId=name)["SecretString"], "s3cr3t")
        root.delete_resource_policy(SecretId=name)
        self.assertRefused(
            lambda: sm.get_secret_value(SecretId=name),
            not_authorized(user["Arn"], "secretsmanager:GetSecretValue", arn,
                           "because no identity-based policy allows the "
                           "secretsmanager:GetSecretValue action"))

    def test_an_explicit_deny_in_the_secret_policy_beats_an_identity_allow(self):
        user, creds = self.user("denied-reader", allow("secretsmanager:GetSecretValue"))
        root = self.via("secretsmanager")
        open_name, fenced = "open/one", "fenced/one"
        root.create_secret(Name=open_name, SecretString="a")
        created = root.create_secret(Name=fenced, SecretString="b")
        root.put_resource_policy(SecretId=fenced, ResourcePolicy=document(
            allow("secretsmanager:*", principal=user["Arn"], effect="Deny")))
        sm = self.via("secretsmanager", creds)
        self.assertEqual(sm.get_secret_value(SecretId=open_name)["SecretString"], "a")
        self.assertRefused(
            lambda: sm.get_secret_value(SecretId=created["ARN"]),
            not_authorized(user["Arn"], "secretsmanager:GetSecretValue", created["ARN"],
                           "with an explicit deny in a resource-based policy"))

    def test_secrets_managers_own_resource_tag_key(self):
        user, creds = self.user("team-blue", allow(
            "secretsmanager:GetSecretValue", "*",
            {"StringEquals": {"secretsmanager:ResourceTag/team": "blue"}}))
        root = self.via("secretsmanager")
        root.create_secret(Name="teams/blue", SecretString="b",
                           Tags=[{"Key": "team", "Value": "blue"}])
        red = root.create_secret(Name="teams/red", SecretString="r",
                                 Tags=[{"Key": "team", "Value": "red"}])
        sm = self.via("secretsmanager", creds)
        self.assertEqual(sm.get_secret_value(SecretId="teams/blue")["SecretString"], "b")
        self.assertRefused(
            lambda: sm.get_secret_value(SecretId=red["ARN"]),
            not_authorized(user["Arn"], "secretsmanager:GetSecretValue", red["ARN"],
                           "because no identity-based policy allows the "
                           "secretsmanager:GetSecretValue action"))

    def test_another_account_reads_a_secret_its_policy_names(self):
        root = self.via("secretsmanager")
        created = root.create_secret(Name="shared/x", SecretString="shared")
        bob_arn = f"arn:aws:iam::{OTHER}:user/bob"
        bob = self.via("secretsmanager", BOB)
        # Bob's own policy allows, but the secret is another account's: its policy must too.
        self.assertRefused(
            lambda: bob.get_secret_value(SecretId=created["ARN"]),
            not_authorized(bob_arn, "secretsmanager:GetSecretValue", created["ARN"],
                           "because no resource-based policy allows the "
                           "secretsmanager:GetSecretValue action"))
        root.put_resource_policy(SecretId=created["ARN"], ResourcePolicy=document(
            allow("secretsmanager:GetSecretValue", principal=bob_arn)))
        self.assertEqual(bob.get_secret_value(SecretId=created["ARN"])["SecretString"], "shared")


class S3AcrossAccountsAndRoles(PoliciesCase):
    def assertS3Refused(self, call, message):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        response = caught.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403, response)
        self.assertEqual((response["Error"]["Code"], response["Error"]["Message"]),
                         ("AccessDenied", message))

    def test_another_account_reads_a_bucket_its_policy_names(self):
        root = self.via("s3")
        root.create_bucket(Bucket="xacct-bucket")
        root.put_object(Bucket="xacct-bucket", Key="report.csv", Body=b"a,b")
        bob_arn = f"arn:aws:iam::{OTHER}:user/bob"
        bob = self.via("s3", BOB)
        # Bob's own policy allows s3:GetObject, but the bucket is this account's (the upstream's):
        # its bucket policy must allow too.
        self.assertS3Refused(
            lambda: bob.get_object(Bucket="xacct-bucket", Key="report.csv"),
            not_authorized(bob_arn, "s3:GetObject", "arn:aws:s3:::xacct-bucket/report.csv",
                           "because no resource-based policy allows the s3:GetObject action"))
        root.put_bucket_policy(Bucket="xacct-bucket", Policy=document(
            allow("s3:GetObject", "arn:aws:s3:::xacct-bucket/*", principal=bob_arn)))
        got = bob.get_object(Bucket="xacct-bucket", Key="report.csv")
        self.assertEqual(got["Body"].read(), b"a,b")

    def test_an_assumed_role_session_works_against_s3(self):
        root = self.via("s3")
        for bucket in ("role-data", "role-other"):
            root.create_bucket(Bucket=bucket)
            root.put_object(Bucket=bucket, Key="k", Body=bucket.encode())
        _, caller = self.user("s3-role-caller", allow("sts:AssumeRole"))
        role, session, assumed = self.prep_role_session("s3-reader", caller, session="job")
        self.prep("iam", "PutRolePolicy", RoleName="s3-reader", PolicyName="read",
                  PolicyDocument=document(allow("s3:GetObject", "arn:aws:s3:::role-data/*")))
        s3 = self.via("s3", session)
        self.assertEqual(s3.get_object(Bucket="role-data", Key="k")["Body"].read(), b"role-data")
        self.assertS3Refused(
            lambda: s3.get_object(Bucket="role-other", Key="k"),
            not_authorized(assumed["AssumedRoleUser"]["Arn"], "s3:GetObject",
                           "arn:aws:s3:::role-other/k",
                           "because no identity-based policy allows the s3:GetObject action"))


class DynamoDbConditions(PoliciesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        root = boto(cls.server.url, cases.ROOT, "dynamodb")
        for name, env in (("scores", "dev"), ("tagged-dev", "dev"), ("tagged-prod", "prod"),
                          ("shared-table", "dev")):
            root.create_table(
                TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                           {"AttributeName": "sk", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "sk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST", Tags=[{"Key": "env", "Value": env}])

    def table(self, name):
        return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"

    def test_leading_keys_hold_a_user_to_their_own_partition(self):
        name = "player-1"
        user, creds = self.user(name, allow(
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], self.table("scores"),
            {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}}))
        d = self.via("dynamodb", creds)
        d.put_item(TableName="scores", Item={"pk": {"S": name}, "sk": {"S": "a"},
                                             "v": {"N": "1"}})
        got = d.get_item(TableName="scores", Key={"pk": {"S": name}, "sk": {"S": "a"}})
        self.assertEqual(got["Item"]["v"], {"N": "1"})
        mine = d.query(TableName="scores", KeyConditionExpression="#p = :me AND begins_with(sk, :s)",
                       ExpressionAttributeNames={"#p": "pk"},
                       ExpressionAttributeValues={":me": {"S": name}, ":s": {"S": "a"}})
        self.assertEqual(mine["Count"], 1)
        why = "because no identity-based policy allows the {} action"
        self.assertRefused(
            lambda: d.put_item(TableName="scores", Item={"pk": {"S": "player-2"},
                                                         "sk": {"S": "a"}}),
            not_authorized(user["Arn"], "dynamodb:PutItem", self.table("scores"),
                           why.format("dynamodb:PutItem")))
        self.assertRefused(
            lambda: d.query(TableName="scores", KeyConditionExpression="pk = :other",
                            ExpressionAttributeValues={":other": {"S": "player-2"}}),
            not_authorized(user["Arn"], "dynamodb:Query", self.table("scores"),
                           why.format("dynamodb:Query")))
        # Not written in moto.
        item = boto(self.moto.url, Creds("test", "test"), "dynamodb").get_item(
            TableName="scores", Key={"pk": {"S": "player-2"}, "sk": {"S": "a"}})
        self.assertNotIn("Item", item)

    def test_a_table_policy_grants_a_user_without_identity_policies(self):
        if not hasattr(self.via("dynamodb"), "put_resource_policy"):
            self.skipTest("this botocore predates DynamoDB resource policies (2024)")
        user, creds = self.user("table-guest")
        d = self.via("dynamodb", creds)
        key = {"pk": {"S": "k"}, "sk": {"S": "s"}}
        self.assertRefused(
            lambda: d.get_item(TableName="shared-table", Key=key),
            not_authorized(user["Arn"], "dynamodb:GetItem", self.table("shared-table"),
                           "because no identity-based policy allows the dynamodb:GetItem action"))
        self.via("dynamodb").put_resource_policy(
            ResourceArn=self.table("shared-table"),
            Policy=document(allow("dynamodb:GetItem", self.table("shared-table"),
                                  principal=user["Arn"])))
        self.assertIn("ResponseMetadata", d.get_item(TableName="shared-table", Key=key))
        # Neither kind of policy allows; the evaluator names the resource policy it consulted.
        self.assertRefused(
            lambda: d.put_item(TableName="shared-table", Item=key),
            not_authorized(user["Arn"], "dynamodb:PutItem", self.table("shared-table"),
                           "because no resource-based policy allows the dynamodb:PutItem action"))

    def test_resource_tags_are_read_from_the_upstream(self):
        user, creds = self.user("dev-reader", allow(
            "dynamodb:GetItem", "*", {"StringEquals": {"aws:ResourceTag/env": "dev"}}))
        d = self.via("dynamodb", creds)
        key = {"pk": {"S": "k"}, "sk": {"S": "s"}}
        self.assertIn("ResponseMetadata", d.get_item(TableName="tagged-dev", Key=key))
        self.assertRefused(
            lambda: d.get_item(TableName="tagged-prod", Key=key),
            not_authorized(user["Arn"], "dynamodb:GetItem", self.table("tagged-prod"),
                           "because no identity-based policy allows the dynamodb:GetItem action"))
        # Retagged through localiam: the tags are read again.
        self.via("dynamodb").tag_resource(ResourceArn=self.table("tagged-prod"),
                                          Tags=[{"Key": "env", "Value": "dev"}])
        self.assertIn("ResponseMetadata", d.get_item(TableName="tagged-prod", Key=key))


class FailingPolicyReads(http.server.BaseHTTPRequestHandler):
    """An upstream that answers GetSecretValue but fails every GetResourcePolicy."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target", "")
        if target.endswith(".GetSecretValue"):
            status, body = 200, {"Name": "db", "SecretString": "from the fake"}
        else:
            status, body = 500, {"__type": "InternalFailure", "message": "policy store down"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class PolicyReadFails(cases.ServerCase):
    auth = "enforce"

    @classmethod
    def setUpClass(cls):
        cls.fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FailingPolicyReads)
        threading.Thread(target=cls.fake.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.fake.server_close)
        cls.addClassCleanup(cls.fake.shutdown)
        cls.extra_args = ("--upstream", f"http://127.0.0.1:{cls.fake.server_address[1]}")
        super().setUpClass()

    def logged(self, principal):
        deadline = time.monotonic() + 5
        while True:
            for line in reversed(self.server._new_log().splitlines()):
                if line.startswith("{"):
                    entry = json.loads(line)
                    if entry.get("principal") == principal:
                        return entry
            if time.monotonic() > deadline:
                self.fail("no access-log line\n" + self.server.log_tail())
            time.sleep(0.05)

    def test_decided_without_the_policy_and_logged(self):
        user, creds = self.prep_user_with_key("reader")
        self.prep("iam", "PutUserPolicy", UserName="reader", PolicyName="p",
                  PolicyDocument=document(allow("secretsmanager:GetSecretValue")))
        sm = boto(self.server.url, creds, "secretsmanager")
        self.assertEqual(sm.get_secret_value(SecretId="db")["SecretString"], "from the fake")
        entry = self.logged(user["Arn"])
        self.assertTrue(entry["authorization"].startswith("allowed (p statement 1)"), entry)
        self.assertTrue(entry["authorization"].endswith(
            " [resource policy not read: HTTP 500 InternalFailure]"), entry)


if __name__ == "__main__":
    unittest.main()
