"""What forwarded calls leave behind in localiam, as IAM and STS calls do, with localiam in
front of a real moto_server and driven by boto3 and the aws CLI v2:

- /_localiam/metrics counts them in localiam_forwarded_requests_total by service, operation,
  authorisation decision (allowed, denied, would_deny, …) and HTTP status;
- service last accessed data: GetServiceLastAccessedDetails reports DynamoDB and Secrets Manager
  as accessed by the role whose session called them (denied attempts count, as on AWS), and an
  ACTION_LEVEL report names the actions (localiam tracks every forwarded action; AWS tracks
  management actions of a list of services);
- GetAccessKeyLastUsed names the forwarded service and region.
Skipped with a message when moto_server is not on PATH.
"""

import json
import unittest

from support import cases, clients, config, gateway, moto
from support.clients import Creds

ACCOUNT = config.ACCOUNT
REGION = config.REGION
NO_MOTO = gateway.NO_MOTO

_moto = gateway.ModuleMoto("moto-gateway-footprint")


def upstream():
    return _moto.get()


def tearDownModule():
    _moto.stop()


boto = gateway.boto


def policy(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/fp-table"
SECRETS = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:fp/*"


class FootprintCase(cases.ServerCase):
    @classmethod
    def setUpClass(cls):
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.moto = upstream()
        cls.extra_args = ("--upstream", cls.moto.url)
        super().setUpClass()
        root = boto(cls.server.url, cases.ROOT, "dynamodb")
        if "fp-table" not in root.list_tables()["TableNames"]:
            root.create_table(
                TableName="fp-table", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST")

    def forwarded(self):
        """localiam_forwarded_requests_total's samples: {label text: value}."""
        status, body = self.server.admin("GET", "/_localiam/metrics")
        self.assertEqual(status, 200)
        samples = {}
        for line in body.decode().splitlines():
            if line.startswith("localiam_forwarded_requests_total{"):
                labels, value = line[len("localiam_forwarded_requests_total"):].rsplit(" ", 1)
                samples[labels] = int(value)
        return samples

    def assertCounted(self, before, after, service, action, decision, status, n=1):
        labels = (f'{{service="{service}",action="{action}",decision="{decision}",'
                  f'status="{status}"}}')
        self.assertEqual(after.get(labels, 0) - before.get(labels, 0), n, (labels, after))


class FootprintEnforce(FootprintCase):
    auth = "enforce"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user, cls.creds = cls.prep_user_with_key("fp-user")
        cls.prep("iam", "PutUserPolicy", UserName="fp-user", PolicyName="p", PolicyDocument=policy(
            [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "sts:AssumeRole"],
              "Resource": [TABLE_ARN, f"arn:aws:iam::{ACCOUNT}:role/*"]}]))

    def test_metrics_count_forwarded_calls_by_decision(self):
        before = self.forwarded()
        d = boto(self.server.url, self.creds, "dynamodb")
        d.get_item(TableName="fp-table", Key={"k": {"S": "1"}})
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError):
            d.put_item(TableName="fp-table", Item={"k": {"S": "1"}})
        drivers, notes = clients.discover()
        cli = drivers.get("cli_v2")
        if cli:
            cli.run(self.server.url, self.creds, "dynamodb", "GetItem", {"TableName": "fp-table"},
                    ["--key", json.dumps({"k": {"S": "2"}})])
        with self.assertRaises(ClientError):
            boto(self.server.url, Creds("AKIANOSUCHKEY0000000", "x"), "dynamodb").list_tables()
        after = self.forwarded()
        self.assertCounted(before, after, "dynamodb", "GetItem", "allowed", 200, 2 if cli else 1)
        self.assertCounted(before, after, "dynamodb", "PutItem", "denied", 400)
        self.assertCounted(before, after, "dynamodb", "ListTables", "unauthenticated", 400)
        # The root's calls are allowed (the account root is never limited by identity policies).
        self.assertGreaterEqual(after.get('{service="dynamodb",action="ListTables",'
                                          'decision="allowed",status="200"}', 0), 1)
        # And IAM's own counts are where they were: localiam_requests_total has no dynamodb.
        status, body = self.server.admin("GET", "/_localiam/metrics")
        self.assertNotIn('localiam_requests_total{service="dynamodb"', body.decode())

    def test_forwarded_calls_are_in_the_decision_log(self):
        d = boto(self.server.url, self.creds, "dynamodb")
        d.get_item(TableName="fp-table", Key={"k": {"S": "log"}})
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError):
            d.delete_item(TableName="fp-table", Key={"k": {"S": "log"}})
        status, body = self.server.admin(
            "GET", "/_localiam/decisions?action=dynamodb:*&principal=" + self.user["Arn"])
        got = [(e["action"], e["resource"], e["decision"]) for e in json.loads(body)["decisions"]]
        self.assertEqual(got[-2:], [("dynamodb:GetItem", TABLE_ARN, "allowed"),
                                    ("dynamodb:DeleteItem", TABLE_ARN, "implicitDeny")])

    def test_a_body_over_the_limit_is_counted(self):
        before = self.forwarded()
        d = boto(self.server.url, self.creds, "dynamodb")
        with self.assertRaises(Exception):
            d.put_item(TableName="fp-table", Item={"k": {"S": "big"}, "v": {"S": "x" * (3 << 20)}})
        self.assertCounted(before, self.forwarded(), "dynamodb", "unknown", "unauthenticated", 413)

    def test_last_accessed_reports_the_forwarded_services_and_actions(self):
        role = self.prep("iam", "CreateRole", RoleName="fp-app", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
                "AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]}))["Role"]
        self.prep("iam", "PutRolePolicy", RoleName="fp-app", PolicyName="p", PolicyDocument=policy(
            [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
              "Resource": TABLE_ARN},
             {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": SECRETS},
             {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]))
        c = self.prep("sts", "AssumeRole", creds=self.creds, RoleArn=role["Arn"],
                      RoleSessionName="fp")["Credentials"]
        session = Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        d = boto(self.server.url, session, "dynamodb")
        d.put_item(TableName="fp-table", Item={"k": {"S": "role"}})
        d.get_item(TableName="fp-table", Key={"k": {"S": "role"}})
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError):  # a denied attempt counts too, as on AWS
            d.delete_item(TableName="fp-table", Key={"k": {"S": "role"}})
        boto(self.server.url, session, "secretsmanager").create_secret(Name="fp/s",
                                                                       SecretString="x")
        drivers, notes = clients.discover()
        cli = drivers.get("cli_v2")
        runs = [("boto3", clients.fast())] + ([("cli_v2", cli)] if cli else [])
        for name, driver in runs:
            with self.subTest(client=name):
                job = driver.call(self.server.url, cases.ROOT, "iam",
                                  "GenerateServiceLastAccessedDetails",
                                  {"Arn": role["Arn"], "Granularity": "ACTION_LEVEL"})["JobId"]
                got = driver.call(self.server.url, cases.ROOT, "iam",
                                  "GetServiceLastAccessedDetails", {"JobId": job})
                self.assertEqual(got["JobType"], "ACTION_LEVEL")
                by_ns = {s["ServiceNamespace"]: s for s in got["ServicesLastAccessed"]}
                self.assertEqual(sorted(by_ns), ["dynamodb", "kms", "secretsmanager"])
                dynamodb = by_ns["dynamodb"]
                self.assertEqual(dynamodb["ServiceName"], "Amazon DynamoDB")
                self.assertEqual(dynamodb["LastAuthenticatedEntity"], role["Arn"])
                self.assertEqual(dynamodb["LastAuthenticatedRegion"], REGION)
                self.assertEqual(dynamodb["TotalAuthenticatedEntities"], 1)
                self.assertIn("LastAuthenticated", dynamodb)
                tracked = {a["ActionName"]: a for a in dynamodb["TrackedActionsLastAccessed"]}
                self.assertEqual(sorted(tracked), ["DeleteItem", "GetItem", "PutItem"])
                self.assertEqual(tracked["GetItem"]["LastAccessedEntity"], role["Arn"])
                self.assertEqual(tracked["GetItem"]["LastAccessedRegion"], REGION)
                self.assertEqual([a["ActionName"] for a in
                                  by_ns["secretsmanager"]["TrackedActionsLastAccessed"]],
                                 ["CreateSecret"])
                # Allowed, never called: no access and no tracked actions.
                self.assertEqual(by_ns["kms"]["TotalAuthenticatedEntities"], 0)
                self.assertNotIn("LastAuthenticated", by_ns["kms"])
                self.assertNotIn("TrackedActionsLastAccessed", by_ns["kms"])
        # A SERVICE_LEVEL report has the access without the actions.
        job = self.prep("iam", "GenerateServiceLastAccessedDetails", Arn=role["Arn"])["JobId"]
        got = self.prep("iam", "GetServiceLastAccessedDetails", JobId=job)
        dynamodb = [s for s in got["ServicesLastAccessed"] if s["ServiceNamespace"] == "dynamodb"]
        self.assertEqual(dynamodb[0]["LastAuthenticatedEntity"], role["Arn"])
        self.assertNotIn("TrackedActionsLastAccessed", dynamodb[0])

    def test_access_key_last_used_names_the_forwarded_service(self):
        user, creds = self.prep_user_with_key("fp-keyed")
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError):  # denied: still a use of the key
            boto(self.server.url, creds, "ssm").describe_parameters()
        used = self.prep("iam", "GetAccessKeyLastUsed", AccessKeyId=creds.access_key)
        self.assertEqual(used["UserName"], "fp-keyed")
        self.assertEqual(used["AccessKeyLastUsed"]["ServiceName"], "ssm")
        self.assertEqual(used["AccessKeyLastUsed"]["Region"], REGION)


class FootprintAudit(FootprintCase):
    auth = "audit"

    def test_would_deny_is_counted(self):
        _, creds = self.prep_user_with_key("fp-audited")
        before = self.forwarded()
        boto(self.server.url, creds, "dynamodb").put_item(TableName="fp-table",
                                                         Item={"k": {"S": "audit"}})
        self.assertCounted(before, self.forwarded(), "dynamodb", "PutItem", "would_deny", 200)


class FootprintOpen(FootprintCase):
    auth = "open"

    def test_open_mode_decides_nothing(self):
        before = self.forwarded()
        boto(self.server.url, cases.ROOT, "dynamodb").describe_table(TableName="fp-table")
        self.assertCounted(before, self.forwarded(), "dynamodb", "DescribeTable",
                           "not_evaluated", 200)


if __name__ == "__main__":
    unittest.main()
