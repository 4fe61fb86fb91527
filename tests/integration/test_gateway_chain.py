"""The upstream's signature covers the body: a localiam gateway whose upstream is a second
localiam that checks every signature (`--auth verify`, its own root key), itself in front of
moto_server. DynamoDB, SQS (JSON) and SNS (Query) calls with bodies go through both, so the
second one has verified the first one's re-signed requests, bodies included; the same calls
through a gateway holding a wrong upstream secret are refused by the second one with AWS's
signature error (InvalidSignatureException in the
JSON protocols), relayed unchanged.
"""

import unittest
import uuid

from support import cases
from support.gateway import NO_MOTO, ModuleMoto, boto, make_table
from support.moto import available as moto_available
from support.server import LocalIam

MOTO = ModuleMoto("moto-gateway-chain")
BACK_KEYS = ("AKIACHAINBACKROOT001", "chain-back-secret")


def tearDownModule():
    MOTO.stop()


class GatewayChain(cases.ServerCase):
    auth = "enforce"
    upstream_secret = BACK_KEYS[1]

    @classmethod
    def setUpClass(cls):
        if not moto_available():
            raise unittest.SkipTest(NO_MOTO)
        cls.back = LocalIam(cls.__name__ + "-back", auth="verify", data=":memory:",
                            root_keys=BACK_KEYS, extra_args=("--upstream", MOTO.get().url))
        cls.addClassCleanup(cls.back.kill)
        cls.back.start()
        cls.extra_args = ("--upstream", cls.back.url, "--upstream-access-key", BACK_KEYS[0],
                          "--upstream-secret-key", cls.upstream_secret)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.back.stop()

    def client(self, service):
        return boto(self.server.url, cases.ROOT, service)

    def test_bodies_arrive_signed(self):
        tag = uuid.uuid4().hex[:8]
        dynamodb = self.client("dynamodb")
        make_table(dynamodb, f"chain-{tag}")
        dynamodb.put_item(TableName=f"chain-{tag}", Item={"k": {"S": "a"}, "v": {"S": "x" * 500}})
        item = dynamodb.get_item(TableName=f"chain-{tag}", Key={"k": {"S": "a"}})["Item"]
        self.assertEqual(item["v"]["S"], "x" * 500)

        sqs = self.client("sqs")
        queue = sqs.create_queue(QueueName=f"chain-{tag}")["QueueUrl"]
        sqs.send_message(QueueUrl=queue, MessageBody="through two gateways")
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1)["Messages"]
        self.assertEqual(got[0]["Body"], "through two gateways")

        sns = self.client("sns")
        topic = sns.create_topic(Name=f"chain-{tag}")["TopicArn"]
        self.assertIn("MessageId", sns.publish(TopicArn=topic, Message="hello"))


    def test_a_large_answer_is_relayed_piece_by_piece(self):
        # Over 256 KiB: relayed as it arrives rather than collected (both gateways).
        tag = uuid.uuid4().hex[:8]
        dynamodb = self.client("dynamodb")
        make_table(dynamodb, f"large-{tag}")
        for i in range(4):
            dynamodb.put_item(TableName=f"large-{tag}",
                              Item={"k": {"S": str(i)}, "v": {"S": str(i) * 100_000}})
        items = dynamodb.scan(TableName=f"large-{tag}")["Items"]
        self.assertEqual(sorted(item["v"]["S"] for item in items),
                         [str(i) * 100_000 for i in range(4)])


class GatewayChainWrongSecret(GatewayChain):
    upstream_secret = "not-the-back-secret"

    test_a_large_answer_is_relayed_piece_by_piece = None

    def test_bodies_arrive_signed(self):
        dynamodb = self.client("dynamodb")
        with self.assertRaises(Exception) as raised:
            dynamodb.list_tables()
        self.assertEqual(raised.exception.response["Error"]["Code"], "InvalidSignatureException")
        sqs = self.client("sqs")
        with self.assertRaises(Exception) as raised:
            sqs.create_queue(QueueName="never")
        # SQS's JSON protocol names it as DynamoDB does; older botocore speaks SQS's Query.
        self.assertIn(raised.exception.response["Error"]["Code"],
                      ("InvalidSignatureException", "SignatureDoesNotMatch"))


if __name__ == "__main__":
    unittest.main()
