"""Issue 19's scenarios for the JSON services, end to end: localiam --auth enforce in front of a
real moto_server, driven by boto3 and the aws CLI v2.

A permissions boundary and a session policy (AssumeRole with Policy) each cut an allow of the
identity policy, with AWS's message naming what did not allow; a role assumed through STS works
against DynamoDB and Secrets Manager within its policy and is refused outside it, the message
naming the assumed-role ARN; a secret is read by name, by full ARN and by partial ARN; SSM's
GetParametersByPath is allowed on /app/ and refused on /other/; another account's user (from a
seed) assumes a role of localiam's account and works on its table; everything written through
localiam is read back from moto directly, with moto's keys. In audit mode a denied call goes
through, its data lands in moto and its access-log line says "would deny". Skipped with a
message when moto_server is not on PATH.
"""

import json
import os
import unittest

from support import cases, clients, config, gateway, moto
from support.clients import AwsError, Creds

ACCOUNT = config.ACCOUNT
OTHER = "111111111111"
FRANK = Creds("AKIAFRANK00000000001", "frank-secret-key")
REGION = config.REGION
NO_MOTO = gateway.NO_MOTO

_moto = gateway.ModuleMoto("moto-gateway-scenarios")


def upstream():
    return _moto.get()


def tearDownModule():
    _moto.stop()


policy = gateway.policy
boto = gateway.boto


def make_table(client, name):
    return gateway.make_table(client, name)["TableArn"]


denied = gateway.denied


def table_arn(name, account=ACCOUNT):
    return f"arn:aws:dynamodb:{REGION}:{account}:table/{name}"


class ScenarioCase(cases.ServerCase):
    """A localiam in front of the module's moto."""

    @classmethod
    def setUpClass(cls):
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.moto = upstream()
        cls.extra_args = ("--upstream", cls.moto.url) + cls.more_args()
        super().setUpClass()

    @classmethod
    def more_args(cls):
        return ()

    def via_localiam(self, service, creds=None):
        return boto(self.server.url, creds or cases.ROOT, service)

    def via_moto(self, service):
        return boto(self.moto.url, Creds("test", "test"), service)

    def cli(self):
        drivers, notes = clients.discover()
        cli = drivers.get("cli_v2")
        if not cli:
            self.skipTest(notes.get("cli_v2", "no AWS CLI v2"))
        return cli

    def assertRefused(self, call, message, code="AccessDeniedException", status=400):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        response = caught.exception.response
        self.assertEqual(response["Error"]["Code"], code, response)
        self.assertEqual(response["Error"]["Message"], message)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status)

    def assertCliRefused(self, creds, service, op, params, cli_args, message):
        with self.assertRaises(AwsError) as caught:
            self.cli().run(self.server.url, creds, service, op, params, cli_args)
        self.assertEqual(caught.exception.code, "AccessDeniedException")
        self.assertEqual(caught.exception.message, message)


class GatewayScenarios(ScenarioCase):
    auth = "enforce"

    @classmethod
    def more_args(cls):
        # Another account with a user (frank) allowed to assume localiam's roles.
        seed = {"accounts": [{"id": OTHER, "users": [{
            "name": "frank", "access_keys": [{"id": FRANK.access_key, "secret": FRANK.secret_key}],
            "inline_policies": {"assume": json.loads(
                policy("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/*"))}}]}]}
        path = os.path.join(config.tmp_root(), "gateway-scenarios-seed.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(seed, f)
        return ("--seed", path)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        root = boto(cls.server.url, cases.ROOT, "dynamodb")
        for name in ("sc-orders", "sc-audit", "sc-private"):
            make_table(root, name)
        _, cls.assumer = cls.prep_user_with_key("sc-assumer")
        cls.prep("iam", "PutUserPolicy", UserName="sc-assumer", PolicyName="p",
                 PolicyDocument=policy("sts:AssumeRole", "*"))

    def make_user(self, name, document, boundary=None):
        user, creds = self.prep_user_with_key(name)
        self.prep("iam", "PutUserPolicy", UserName=name, PolicyName="p", PolicyDocument=document)
        if boundary:
            arn = self.prep("iam", "CreatePolicy", PolicyName=name + "-boundary",
                            PolicyDocument=boundary)["Policy"]["Arn"]
            self.prep("iam", "PutUserPermissionsBoundary", UserName=name, PermissionsBoundary=arn)
        return user, creds

    def make_role(self, name, document, trust_other_account=False):
        principal = {"AWS": [ACCOUNT] + ([OTHER] if trust_other_account else [])}
        role = self.prep("iam", "CreateRole", RoleName=name, AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}))["Role"]
        self.prep("iam", "PutRolePolicy", RoleName=name, PolicyName="p", PolicyDocument=document)
        return role

    def assume(self, role, creds=None, session="s1", **params):
        result = self.prep("sts", "AssumeRole", creds=creds or self.assumer, RoleArn=role["Arn"],
                           RoleSessionName=session, **params)
        c = result["Credentials"]
        return (Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]),
                result["AssumedRoleUser"]["Arn"])

    def test_a_permissions_boundary_cuts_an_allow(self):
        user, creds = self.make_user(
            "sc-bounded", policy(["dynamodb:GetItem", "dynamodb:PutItem"], table_arn("sc-orders")),
            boundary=policy("dynamodb:GetItem", "*"))
        d = self.via_localiam("dynamodb", creds)
        self.via_localiam("dynamodb").put_item(TableName="sc-orders", Item={"k": {"S": "b"}})
        self.assertEqual(d.get_item(TableName="sc-orders", Key={"k": {"S": "b"}})["Item"],
                         {"k": {"S": "b"}})
        message = denied(user["Arn"], "dynamodb:PutItem", table_arn("sc-orders"),
                         "permissions boundary")
        self.assertRefused(lambda: d.put_item(TableName="sc-orders",
                                              Item={"k": {"S": "bounded"}}), message)
        self.assertCliRefused(creds, "dynamodb", "PutItem", {"TableName": "sc-orders"},
                              ["--item", json.dumps({"k": {"S": "bounded"}})], message)
        self.assertNotIn("Item", self.via_moto("dynamodb").get_item(
            TableName="sc-orders", Key={"k": {"S": "bounded"}}))

    def test_a_session_policy_cuts_an_allow(self):
        role = self.make_role("sc-writer", policy(["dynamodb:GetItem", "dynamodb:PutItem"],
                                                  table_arn("sc-orders")))
        creds, session_arn = self.assume(role, session="read-only",
                                         Policy=policy("dynamodb:GetItem", "*"))
        self.assertEqual(session_arn, f"arn:aws:sts::{ACCOUNT}:assumed-role/sc-writer/read-only")
        d = self.via_localiam("dynamodb", creds)
        self.assertIn("ResponseMetadata",
                      d.get_item(TableName="sc-orders", Key={"k": {"S": "none"}}))
        message = denied(session_arn, "dynamodb:PutItem", table_arn("sc-orders"), "session policy")
        self.assertRefused(lambda: d.put_item(TableName="sc-orders", Item={"k": {"S": "s"}}),
                           message)
        self.assertCliRefused(creds, "dynamodb", "PutItem", {"TableName": "sc-orders"},
                              ["--item", json.dumps({"k": {"S": "s"}})], message)
        # The same role without a session policy writes.
        full, _ = self.assume(role, session="full")
        self.via_localiam("dynamodb", full).put_item(TableName="sc-orders",
                                                     Item={"k": {"S": "by-role"}})
        self.assertIn("Item", self.via_moto("dynamodb").get_item(TableName="sc-orders",
                                                                 Key={"k": {"S": "by-role"}}))

    def test_an_assumed_role_works_on_dynamodb_and_secrets_manager(self):
        prefix = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"
        self.via_localiam("secretsmanager").create_secret(Name="sc/app/key", SecretString="k1")
        self.via_localiam("secretsmanager").create_secret(Name="sc/other", SecretString="k2")
        role = self.make_role("sc-app", json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"],
             "Resource": table_arn("sc-orders")},
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": prefix + "sc/app/*"}]}))
        creds, session_arn = self.assume(role, session="app")
        self.assertEqual(session_arn, f"arn:aws:sts::{ACCOUNT}:assumed-role/sc-app/app")
        d = self.via_localiam("dynamodb", creds)
        d.put_item(TableName="sc-orders", Item={"k": {"S": "order-1"}, "qty": {"N": "3"}})
        self.assertEqual(self.via_moto("dynamodb").get_item(
            TableName="sc-orders", Key={"k": {"S": "order-1"}})["Item"]["qty"], {"N": "3"})
        sm = self.via_localiam("secretsmanager", creds)
        self.assertEqual(sm.get_secret_value(SecretId="sc/app/key")["SecretString"], "k1")
        self.assertRefused(lambda: d.put_item(TableName="sc-private", Item={"k": {"S": "x"}}),
                           denied(session_arn, "dynamodb:PutItem", table_arn("sc-private")))
        self.assertRefused(lambda: sm.get_secret_value(SecretId="sc/other"),
                           denied(session_arn, "secretsmanager:GetSecretValue",
                                  prefix + "sc/other"))
        self.assertCliRefused(creds, "secretsmanager", "GetSecretValue", {"SecretId": "sc/other"},
                              [], denied(session_arn, "secretsmanager:GetSecretValue",
                                         prefix + "sc/other"))
        got = self.cli().run(self.server.url, creds, "dynamodb", "GetItem",
                             {"TableName": "sc-orders"},
                             ["--key", json.dumps({"k": {"S": "order-1"}})])
        self.assertEqual(got["Item"]["qty"], {"N": "3"})

    def test_a_secret_by_name_full_arn_and_partial_arn(self):
        root = self.via_localiam("secretsmanager")
        full_arn = root.create_secret(Name="sc/db/password", SecretString="s3cret")["ARN"]
        prefix = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"
        partial = prefix + "sc/db/password"
        # AWS's ARN has "-" and six characters after the name.
        self.assertTrue(full_arn.startswith(partial + "-"), full_arn)
        self.assertEqual(len(full_arn), len(partial) + 7)
        self.assertEqual(self.via_moto("secretsmanager").get_secret_value(
            SecretId="sc/db/password")["SecretString"], "s3cret")
        user, creds = self.make_user("sc-secrets",
                                     policy("secretsmanager:GetSecretValue", partial + "*"))
        sm = self.via_localiam("secretsmanager", creds)
        cli = self.cli()
        for secret_id in ("sc/db/password", full_arn, partial):
            with self.subTest(secret_id=secret_id):
                self.assertEqual(sm.get_secret_value(SecretId=secret_id)["SecretString"],
                                 "s3cret")
                self.assertEqual(cli.run(self.server.url, creds, "secretsmanager",
                                         "GetSecretValue", {"SecretId": secret_id})
                                 ["SecretString"], "s3cret")
        # PutSecretValue is not in the policy: refused, and the value in moto stays.
        self.assertRefused(lambda: sm.put_secret_value(SecretId=full_arn, SecretString="new"),
                           denied(user["Arn"], "secretsmanager:PutSecretValue", full_arn))
        self.assertEqual(self.via_moto("secretsmanager").get_secret_value(
            SecretId=full_arn)["SecretString"], "s3cret")

    def test_ssm_parameters_by_path(self):
        root = self.via_localiam("ssm")
        for name, value in (("/app/db/url", "postgres://app"), ("/app/db/user", "app"),
                            ("/other/token", "t")):
            root.put_parameter(Name=name, Value=value, Type="String")
        self.assertEqual(self.via_moto("ssm").get_parameter(Name="/app/db/url")
                         ["Parameter"]["Value"], "postgres://app")
        prefix = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"
        user, creds = self.make_user("sc-params", policy(
            ["ssm:GetParametersByPath", "ssm:GetParameter"], [prefix + "/app", prefix + "/app/*"]))
        ssm = self.via_localiam("ssm", creds)
        got = ssm.get_parameters_by_path(Path="/app/", Recursive=True)["Parameters"]
        self.assertEqual(sorted(p["Name"] for p in got), ["/app/db/url", "/app/db/user"])
        message = denied(user["Arn"], "ssm:GetParametersByPath", prefix + "/other/")
        self.assertRefused(lambda: ssm.get_parameters_by_path(Path="/other/"), message)
        cli = self.cli()
        got = cli.run(self.server.url, creds, "ssm", "GetParametersByPath",
                      {"Path": "/app/", "Recursive": True})["Parameters"]
        self.assertEqual(sorted(p["Name"] for p in got), ["/app/db/url", "/app/db/user"])
        self.assertCliRefused(creds, "ssm", "GetParametersByPath", {"Path": "/other/"}, [],
                              message)

    def test_another_accounts_user_through_an_assumed_role(self):
        role = self.make_role("sc-cross", policy(["dynamodb:PutItem", "dynamodb:GetItem"],
                                                 table_arn("sc-orders")),
                              trust_other_account=True)
        creds, session_arn = self.assume(role, creds=FRANK, session="frank")
        self.assertEqual(session_arn, f"arn:aws:sts::{ACCOUNT}:assumed-role/sc-cross/frank")
        d = self.via_localiam("dynamodb", creds)
        d.put_item(TableName="sc-orders", Item={"k": {"S": "from-111"}})
        self.assertIn("Item", self.via_moto("dynamodb").get_item(TableName="sc-orders",
                                                                 Key={"k": {"S": "from-111"}}))
        self.assertRefused(lambda: d.put_item(TableName="sc-private", Item={"k": {"S": "x"}}),
                           denied(session_arn, "dynamodb:PutItem", table_arn("sc-private")))
        # frank's own keys: his account's table ARN, and his policies allow no DynamoDB.
        direct = self.via_localiam("dynamodb", FRANK)
        self.assertRefused(lambda: direct.get_item(TableName="sc-orders",
                                                   Key={"k": {"S": "from-111"}}),
                           denied(f"arn:aws:iam::{OTHER}:user/frank", "dynamodb:GetItem",
                                  table_arn("sc-orders", OTHER)))


class GatewayScenariosAudit(ScenarioCase):
    """--auth audit: the refused calls go through, the access log says what would be denied."""
    auth = "audit"

    def logged(self, action, principal):
        return gateway.logged(self, action, principal)

    def test_denied_calls_go_through_and_are_logged(self):
        user, creds = self.prep_user_with_key("au-user")
        self.prep("iam", "PutUserPolicy", UserName="au-user", PolicyName="p",
                  PolicyDocument=policy("secretsmanager:GetSecretValue", "*"))
        sm = self.via_localiam("secretsmanager", creds)
        sm.create_secret(Name="au/secret", SecretString="v1")
        self.assertEqual(self.via_moto("secretsmanager").get_secret_value(
            SecretId="au/secret")["SecretString"], "v1")
        entry = self.logged("CreateSecret", user["Arn"])
        self.assertEqual((entry["service"], entry["status"]), ("secretsmanager", 200))
        self.assertEqual(entry["authorization"],
                         "would deny: implicitDeny: because no identity-based policy allows "
                         "the secretsmanager:CreateSecret action")
        # Allowed: logged as allowed.
        self.assertEqual(sm.get_secret_value(SecretId="au/secret")["SecretString"], "v1")
        self.assertFalse(self.logged("GetSecretValue", user["Arn"])["authorization"]
                         .startswith("would deny"))
        # The CLI's call too.
        self.cli().run(self.server.url, creds, "ssm", "PutParameter",
                       {"Name": "/au/p", "Value": "x", "Type": "String"})
        self.assertEqual(self.via_moto("ssm").get_parameter(Name="/au/p")["Parameter"]["Value"],
                         "x")
        self.assertTrue(self.logged("PutParameter", user["Arn"])["authorization"]
                        .startswith("would deny: implicitDeny"))


if __name__ == "__main__":
    unittest.main()
