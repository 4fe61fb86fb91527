"""The gateway's first slice (issue 19) end to end: localiam started with --upstream in front of a
real `moto_server`, driven by boto3 and the aws CLI v2.

In enforce mode the root creates a DynamoDB table through localiam and it is really in moto; a
user allowed dynamodb:GetItem/PutItem on table `a` only writes and reads there and is refused on
table `b` with DynamoDB's AccessDeniedException (HTTP 400) and AWS's message, through boto3 and
the CLI; a Secrets Manager secret is read by name and an SSM parameter by its path under the
same rules; an operation localiam does not map (DynamoDB's PartiQL) is refused, naming it. In audit
mode the denied call goes through and its access-log line says "would deny". An upstream that
is down answers 503 ServiceUnavailable naming it; without --upstream other services get
today's error. Skipped with a message when moto_server is not on PATH.
"""

import json
import socket
import subprocess
import threading
import time
import unittest

from support import cases, clients, config, gateway, moto
from support.clients import AwsError, Creds
from support.server import LocalIam

ACCOUNT = config.ACCOUNT
REGION = config.REGION
NO_MOTO = gateway.NO_MOTO

_moto = gateway.ModuleMoto("moto-gateway")


def upstream():
    """The moto_server shared by this module's classes (started on first use)."""
    return _moto.get()


def tearDownModule():
    _moto.stop()


policy = gateway.policy
boto = gateway.boto


make_table = gateway.make_table
denied = gateway.denied


class GatewayCase(cases.ServerCase):
    """A localiam in front of the module's moto; `tag` keeps each class's names apart."""
    tag = ""

    @classmethod
    def setUpClass(cls):
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.moto = upstream()
        cls.extra_args = ("--upstream", cls.moto.url)
        super().setUpClass()

    def via_localiam(self, service, creds=None):
        return boto(self.server.url, creds or cases.ROOT, service)

    def via_moto(self, service):
        return boto(self.moto.url, Creds("test", "test"), service)

    def user(self, name, document):
        user, creds = self.prep_user_with_key(name)
        self.prep("iam", "PutUserPolicy", UserName=name, PolicyName="p", PolicyDocument=document)
        return user, creds

    def assertRefused(self, call, code, message, status):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], code, caught.exception.response)
        self.assertEqual(error["Message"], message)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)


class GatewayEnforce(GatewayCase):
    auth = "enforce"
    tag = "e"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b = cls.tag + "-a", cls.tag + "-b"
        root = boto(cls.server.url, cases.ROOT, "dynamodb")
        cls.table_a = make_table(root, cls.a)
        make_table(root, cls.b)
        cls.arn_a = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{cls.a}"
        cls.arn_b = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{cls.b}"
        cls.table_user, cls.table_creds = cls.user(
            cls, f"{cls.tag}-tables", policy(["dynamodb:GetItem", "dynamodb:PutItem"], cls.arn_a))

    def test_root_creates_a_table_that_is_really_in_the_upstream(self):
        self.assertEqual(self.table_a["TableArn"], self.arn_a)
        names = self.via_moto("dynamodb").list_tables()["TableNames"]
        self.assertIn(self.a, names)
        self.assertIn(self.b, names)

    def test_user_reads_and_writes_table_a_only(self):
        d = self.via_localiam("dynamodb", self.table_creds)
        d.put_item(TableName=self.a, Item={"k": {"S": "1"}, "v": {"S": "through localiam"}})
        self.assertEqual(d.get_item(TableName=self.a, Key={"k": {"S": "1"}})["Item"]["v"],
                         {"S": "through localiam"})
        # Written in moto itself.
        item = self.via_moto("dynamodb").get_item(TableName=self.a, Key={"k": {"S": "1"}})
        self.assertEqual(item["Item"]["v"], {"S": "through localiam"})
        arn = self.table_user["Arn"]
        self.assertRefused(lambda: d.get_item(TableName=self.b, Key={"k": {"S": "1"}}),
                           "AccessDeniedException", denied(arn, "dynamodb:GetItem", self.arn_b),
                           400)
        self.assertRefused(lambda: d.put_item(TableName=self.b, Item={"k": {"S": "2"}}),
                           "AccessDeniedException", denied(arn, "dynamodb:PutItem", self.arn_b),
                           400)
        self.assertNotIn("Item", self.via_moto("dynamodb").get_item(TableName=self.b,
                                                                    Key={"k": {"S": "2"}}))
        # An action the policy does not name, on the allowed table.
        self.assertRefused(lambda: d.delete_item(TableName=self.a, Key={"k": {"S": "1"}}),
                           "AccessDeniedException",
                           denied(arn, "dynamodb:DeleteItem", self.arn_a), 400)

    def test_an_assumed_role_session_is_held_to_the_role_policy(self):
        # The root may not assume roles outside open mode: a user allowed sts:AssumeRole does.
        _, assumer = self.user(f"{self.tag}-assumer", policy("sts:AssumeRole", "*"))
        role, creds, _ = self.prep_role_session(f"{self.tag}-reader", assumer)
        self.prep("iam", "PutRolePolicy", RoleName=role["RoleName"], PolicyName="p",
                  PolicyDocument=policy("dynamodb:GetItem", self.arn_a))
        d = self.via_localiam("dynamodb", creds)
        self.assertIn("ResponseMetadata", d.get_item(TableName=self.a, Key={"k": {"S": "x"}}))
        session = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/s1"
        self.assertRefused(lambda: d.get_item(TableName=self.b, Key={"k": {"S": "x"}}),
                           "AccessDeniedException", denied(session, "dynamodb:GetItem", self.arn_b),
                           400)

    def test_the_cli_is_refused_on_table_b(self):
        drivers, _ = clients.discover()
        cli = drivers.get("cli_v2")
        if not cli:
            self.skipTest("no AWS CLI v2")
        self.via_localiam("dynamodb").put_item(TableName=self.a, Item={"k": {"S": "cli"}})
        key = json.dumps({"k": {"S": "cli"}})
        with self.assertRaises(AwsError) as caught:
            cli.run(self.server.url, self.table_creds, "dynamodb", "GetItem",
                    {"TableName": self.b}, ["--key", key])
        self.assertEqual(caught.exception.code, "AccessDeniedException")
        self.assertEqual(caught.exception.message,
                         denied(self.table_user["Arn"], "dynamodb:GetItem", self.arn_b))
        got = cli.run(self.server.url, self.table_creds, "dynamodb", "GetItem",
                      {"TableName": self.a}, ["--key", key])
        self.assertEqual(got["Item"], {"k": {"S": "cli"}})

    def test_secret_by_name(self):
        root = self.via_localiam("secretsmanager")
        name, other = f"{self.tag}/app/db", f"{self.tag}/other"
        created = root.create_secret(Name=name, SecretString="hunter2")
        root.create_secret(Name=other, SecretString="x")
        self.assertIn(name, [s["Name"] for s in self.via_moto("secretsmanager").list_secrets()
                             ["SecretList"]])
        # AWS appends "-" and six characters to a secret's ARN: policies name it with "-??????"
        # or "*"; localiam authorises a secret named by name against its name-only ARN, which
        # "*" covers.
        prefix = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"
        user, creds = self.user(f"{self.tag}-secrets",
                                policy("secretsmanager:GetSecretValue", prefix + name + "*"))
        sm = self.via_localiam("secretsmanager", creds)
        self.assertEqual(sm.get_secret_value(SecretId=name)["SecretString"], "hunter2")
        # By its ARN (moto's, with the suffix): the ARN as it is.
        self.assertEqual(sm.get_secret_value(SecretId=created["ARN"])["SecretString"], "hunter2")
        self.assertRefused(lambda: sm.get_secret_value(SecretId=other), "AccessDeniedException",
                           denied(user["Arn"], "secretsmanager:GetSecretValue", prefix + other),
                           400)

    def test_ssm_parameters_by_path(self):
        root = self.via_localiam("ssm")
        allowed, refused = f"/{self.tag}/app/db/url", f"/{self.tag}/other/x"
        root.put_parameter(Name=allowed, Value="postgres://db", Type="String")
        root.put_parameter(Name=refused, Value="x", Type="String")
        self.assertEqual(self.via_moto("ssm").get_parameter(Name=allowed)["Parameter"]["Value"],
                         "postgres://db")
        prefix = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"
        user, creds = self.user(
            f"{self.tag}-params",
            policy(["ssm:GetParameter", "ssm:GetParametersByPath"], f"{prefix}/{self.tag}/app*"))
        ssm = self.via_localiam("ssm", creds)
        self.assertEqual(ssm.get_parameter(Name=allowed)["Parameter"]["Value"], "postgres://db")
        by_path = ssm.get_parameters_by_path(Path=f"/{self.tag}/app", Recursive=True)
        self.assertEqual([p["Name"] for p in by_path["Parameters"]], [allowed])
        self.assertRefused(lambda: ssm.get_parameter(Name=refused), "AccessDeniedException",
                           denied(user["Arn"], "ssm:GetParameter", prefix + refused), 400)

    def test_kms_key_by_id(self):
        key = self.via_localiam("kms").create_key()["KeyMetadata"]
        user, creds = self.user(f"{self.tag}-kms", policy("kms:Decrypt", "*"))
        kms = self.via_localiam("kms", creds)
        self.assertRefused(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x"),
                           "AccessDeniedException",
                           denied(user["Arn"], "kms:Encrypt",
                                  f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key['KeyId']}"), 400)

    def test_an_operation_that_is_not_mapped_is_refused(self):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            self.via_localiam("dynamodb").execute_statement(Statement=f'SELECT * FROM "{self.a}"')
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDeniedException")
        self.assertIn("not mapped", error["Message"])
        self.assertIn("dynamodb operation ExecuteStatement", error["Message"])

    def test_unknown_keys_are_refused_before_the_upstream(self):
        d = self.via_localiam("dynamodb", Creds("AKIANOTAKEY000000000", "nope"))
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            d.get_item(TableName=self.a, Key={"k": {"S": "1"}})
        self.assertEqual(caught.exception.response["Error"]["Code"], "UnrecognizedClientException")

    def test_an_iam_action_signed_for_another_service_is_not_forwarded(self):
        # A form body for IAM signed for SNS: the dispatcher refuses it as AWS does, naming the
        # service the credential should be scoped to; the upstream never sees it.
        import http.client
        from urllib.parse import urlparse
        from support import sigv4
        body = b"Action=ListUsers&Version=2010-05-08"
        url = urlparse(self.server.url)
        headers = sigv4.sign("POST", url.netloc, "/", [],
                             {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
                             body, "test", "test", REGION, "sns")
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            answer = conn.getresponse()
            text = answer.read().decode()
        finally:
            conn.close()
        self.assertEqual(answer.status, 403, text)
        self.assertIn("<Code>SignatureDoesNotMatch</Code>", text)
        self.assertIn("Credential should be scoped to correct service: &apos;iam&apos;.", text)


class GatewayAudit(GatewayCase):
    auth = "audit"
    tag = "audit"

    def logged(self, action, principal):
        return gateway.logged(self, action, principal)

    def test_denied_call_goes_through_and_is_logged(self):
        make_table(self.via_localiam("dynamodb"), "audit-t")
        user, creds = self.prep_user_with_key("audit-nobody")
        d = self.via_localiam("dynamodb", creds)
        d.put_item(TableName="audit-t", Item={"k": {"S": "1"}})
        self.assertIn("Item", self.via_moto("dynamodb").get_item(TableName="audit-t",
                                                                 Key={"k": {"S": "1"}}))
        entry = self.logged("PutItem", user["Arn"])
        self.assertEqual(entry["service"], "dynamodb")
        self.assertEqual(entry["status"], 200)
        self.assertEqual(entry["authorization"],
                         "would deny: implicitDeny: because no identity-based policy allows the "
                         "dynamodb:PutItem action")


class GatewayOpen(GatewayCase):
    """Open mode decides nothing: every service is forwarded, S3's REST requests too."""
    auth = "open"

    def test_s3_objects_through_localiam(self):
        from botocore.config import Config
        import boto3
        s3 = boto3.session.Session().client(
            "s3", endpoint_url=self.server.url, region_name=REGION, aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 0}, s3={"addressing_style": "path"}))
        s3.create_bucket(Bucket="open-bucket")
        s3.put_object(Bucket="open-bucket", Key="a/b.txt", Body=b"hello")
        # HEAD: the upstream's Content-Length of the body it does not send.
        self.assertEqual(s3.head_object(Bucket="open-bucket", Key="a/b.txt")["ContentLength"], 5)
        self.assertEqual(s3.get_object(Bucket="open-bucket", Key="a/b.txt")["Body"].read(),
                         b"hello")
        self.assertEqual([o["Key"] for o in
                          self.via_moto("s3").list_objects_v2(Bucket="open-bucket")["Contents"]],
                         ["a/b.txt"])


    def test_query_protocol_services_are_forwarded_too(self):
        # SNS speaks the Query protocol (a form body): aws_route forwards it, buffered.
        arn = self.via_localiam("sns").create_topic(Name="open-topic")["TopicArn"]
        self.assertEqual(arn, f"arn:aws:sns:{REGION}:{ACCOUNT}:open-topic")
        self.assertIn(arn, [t["TopicArn"] for t in self.via_moto("sns").list_topics()["Topics"]])
        # An IAM action signed for the right service is still localiam's own.
        self.assertEqual(self.prep("sts", "GetCallerIdentity")["Account"], ACCOUNT)


class GatewaySlowUpstream(cases.ServerCase):
    """An upstream that accepts and never answers: IAM is still served meanwhile (workers, not
    the one server thread, wait), and the forwarded call fails with 503 when it hangs up."""
    auth = "open"

    @classmethod
    def setUpClass(cls):
        cls.listener = socket.socket()
        cls.listener.bind(("127.0.0.1", 0))
        cls.listener.listen(8)
        cls.accepted = []
        cls.accepting = threading.Thread(target=cls.accept, daemon=True)
        cls.accepting.start()
        cls.extra_args = ("--threads", "1", "--upstream",
                          f"http://127.0.0.1:{cls.listener.getsockname()[1]}")
        super().setUpClass()

    @classmethod
    def accept(cls):
        while True:
            try:
                conn, _ = cls.listener.accept()
            except OSError:
                return
            cls.accepted.append(conn)

    @classmethod
    def tearDownClass(cls):
        cls.listener.close()
        super().tearDownClass()

    def test_iam_answers_while_the_upstream_hangs(self):
        self.hang(lambda: boto(self.server.url, cases.ROOT, "dynamodb").list_tables())

    def test_iam_answers_while_a_query_protocol_call_waits(self):
        # SNS speaks the Query protocol (a form body, like IAM's): it waits on a worker too.
        self.hang(lambda: boto(self.server.url, cases.ROOT, "sns").list_topics())

    def hang(self, forwarded_call):
        outcome = {}
        self.accepted.clear()

        def call():
            from botocore.exceptions import ClientError
            try:
                forwarded_call()
            except ClientError as e:
                outcome["response"] = e.response

        caller = threading.Thread(target=call)
        caller.start()
        deadline = time.monotonic() + 10
        while not self.accepted and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(self.accepted, "the gateway never connected to the upstream")
        started = time.monotonic()
        self.assertEqual(self.prep("sts", "GetCallerIdentity")["Account"], ACCOUNT)
        self.assertLess(time.monotonic() - started, 2)
        self.assertTrue(caller.is_alive())
        for conn in self.accepted:
            conn.close()
        caller.join(20)
        self.assertEqual(outcome["response"]["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.assertEqual(outcome["response"]["Error"]["Code"], "ServiceUnavailable")


class GatewayUpstreamDown(cases.ServerCase):
    """An upstream nobody listens on: 503 ServiceUnavailable naming it, at once."""
    auth = "open"

    @classmethod
    def setUpClass(cls):
        cls.dead = f"http://127.0.0.1:{moto.free_port()}"
        cls.extra_args = ("--upstream", cls.dead)
        super().setUpClass()

    def test_service_unavailable_names_the_upstream(self):
        from botocore.exceptions import ClientError
        started = time.monotonic()
        with self.assertRaises(ClientError) as caught:
            boto(self.server.url, cases.ROOT, "dynamodb").list_tables()
        self.assertLess(time.monotonic() - started, 10)
        response = caught.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.assertEqual(response["Error"]["Code"], "ServiceUnavailable")
        self.assertIn(self.dead, response["Error"]["Message"])
        # IAM is still served.
        self.assertEqual(self.prep("sts", "GetCallerIdentity")["Account"], ACCOUNT)


class GatewayOff(cases.ServerCase):
    """Without --upstream, another service's request gets today's refusal."""
    auth = "enforce"

    def test_other_services_are_refused_as_before(self):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            boto(self.server.url, cases.ROOT, "dynamodb").list_tables()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "UnknownOperationException")
        self.assertTrue(error["Message"].startswith("localiam serves IAM and STS only, not dynamodb"),
                        error["Message"])
        # How to forward it instead, runnable as written.
        self.assertIn("start localiam with --upstream URL (or LOCALIAM_UPSTREAM=URL)",
                      error["Message"])
        self.assertIn("`MOTO_ACCOUNT_ID=000000000000 moto_server -p 5000 &` then `localiam --auth "
                      "enforce --upstream http://127.0.0.1:5000`", error["Message"])


class GatewayConfig(unittest.TestCase):
    def test_a_bad_upstream_is_refused_at_start(self):
        proc = subprocess.run([config.BINARY, "--upstream", "https://moto:5000"],
                              capture_output=True, text=True, timeout=30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("--upstream must be an http:// URL", proc.stderr)


if __name__ == "__main__":
    unittest.main()
