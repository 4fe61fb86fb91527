"""The gateway in front of an upstream that is not moto: dynalite (npm `dynalite`, a DynamoDB
emulator, pinned by tests/upstreams/package-lock.json), driven by boto3 and the aws CLI v2.

In enforce mode the root creates two tables through localiam; a user allowed
dynamodb:PutItem/GetItem/Query on table `allowed` writes and reads there, and is refused on
table `refused` with DynamoDB's AccessDeniedException and AWS's message; what the user wrote is
read back from dynalite directly, with dynalite's own keys, and what was refused is not there.
Skipped with a message when node or the package is missing.
"""

import json
import unittest

from support import cases, clients, config, dynalite
from support.clients import AwsError, Creds

ACCOUNT = config.ACCOUNT
REGION = config.REGION


def boto(url, creds, service="dynamodb"):
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        service, endpoint_url=url, region_name=REGION, aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key, aws_session_token=creds.session_token,
        config=Config(retries={"max_attempts": 0}, connect_timeout=10, read_timeout=60))


def denied(principal, action, resource):
    return (f"User: {principal} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action")


class GatewayDynalite(cases.ServerCase):
    auth = "enforce"

    @classmethod
    def setUpClass(cls):
        why = dynalite.missing()
        if why:
            raise unittest.SkipTest(why)
        cls.upstream = dynalite.Dynalite("dynalite-gateway").start()
        cls.addClassCleanup(cls.upstream.stop)
        cls.extra_args = ("--upstream", cls.upstream.url)
        super().setUpClass()
        root = boto(cls.server.url, cases.ROOT)
        cls.arns = {}
        for name in ("allowed", "refused"):
            made = root.create_table(
                TableName=name, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST")["TableDescription"]
            cls.arns[name] = made["TableArn"]
        cls.user, cls.creds = cls.prep_user_with_key("dyn-user")
        cls.prep("iam", "PutUserPolicy", UserName="dyn-user", PolicyName="allowed-table",
                 PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                     "Effect": "Allow",
                     "Action": ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"],
                     "Resource": cls.arns["allowed"]}]}))

    def direct(self):
        """dynalite itself, signed with keys localiam knows nothing of."""
        return boto(self.upstream.url, Creds("dynalite-key", "dynalite-secret"))

    def assertDenied(self, call, action, table):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        response = caught.exception.response
        self.assertEqual(response["Error"]["Code"], "AccessDeniedException", response)
        self.assertEqual(response["Error"]["Message"],
                         denied(self.user["Arn"], action, self.arns[table]))
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_tables_are_dynalites_in_localiams_account(self):
        self.assertEqual(self.arns["allowed"],
                         f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/allowed")
        self.assertEqual(sorted(self.direct().list_tables()["TableNames"]), ["allowed", "refused"])

    def test_boto3_writes_the_allowed_table_and_is_refused_the_other(self):
        d = boto(self.server.url, self.creds)
        d.put_item(TableName="allowed", Item={"k": {"S": "boto3"}, "v": {"N": "1"}})
        self.assertEqual(d.get_item(TableName="allowed", Key={"k": {"S": "boto3"}})["Item"]["v"],
                         {"N": "1"})
        queried = d.query(TableName="allowed", KeyConditionExpression="k = :k",
                          ExpressionAttributeValues={":k": {"S": "boto3"}})
        self.assertEqual(queried["Count"], 1)
        # Really in dynalite.
        self.assertEqual(self.direct().get_item(TableName="allowed",
                                                Key={"k": {"S": "boto3"}})["Item"],
                         {"k": {"S": "boto3"}, "v": {"N": "1"}})
        self.assertDenied(lambda: d.put_item(TableName="refused", Item={"k": {"S": "boto3"}}),
                          "dynamodb:PutItem", "refused")
        self.assertDenied(lambda: d.get_item(TableName="refused", Key={"k": {"S": "boto3"}}),
                          "dynamodb:GetItem", "refused")
        self.assertDenied(lambda: d.delete_item(TableName="allowed", Key={"k": {"S": "boto3"}}),
                          "dynamodb:DeleteItem", "allowed")
        self.assertEqual(self.direct().scan(TableName="refused")["Count"], 0)
        self.assertIn("Item", self.direct().get_item(TableName="allowed",
                                                     Key={"k": {"S": "boto3"}}))

    def test_cli_writes_the_allowed_table_and_is_refused_the_other(self):
        drivers, notes = clients.discover()
        cli = drivers.get("cli_v2")
        if not cli:
            self.skipTest(notes.get("cli_v2", "no AWS CLI v2"))
        item = json.dumps({"k": {"S": "cli"}, "v": {"S": "from the CLI"}})
        key = json.dumps({"k": {"S": "cli"}})
        cli.run(self.server.url, self.creds, "dynamodb", "PutItem", {"TableName": "allowed"},
                ["--item", item])
        got = cli.run(self.server.url, self.creds, "dynamodb", "GetItem",
                      {"TableName": "allowed"}, ["--key", key])
        self.assertEqual(got["Item"]["v"], {"S": "from the CLI"})
        self.assertEqual(self.direct().get_item(TableName="allowed",
                                                Key={"k": {"S": "cli"}})["Item"]["v"],
                         {"S": "from the CLI"})
        with self.assertRaises(AwsError) as caught:
            cli.run(self.server.url, self.creds, "dynamodb", "PutItem", {"TableName": "refused"},
                    ["--item", item])
        self.assertEqual(caught.exception.code, "AccessDeniedException")
        self.assertEqual(caught.exception.message,
                         denied(self.user["Arn"], "dynamodb:PutItem", self.arns["refused"]))
        self.assertNotIn("Item", self.direct().get_item(TableName="refused", Key={"k": {"S": "cli"}}))


if __name__ == "__main__":
    unittest.main()
