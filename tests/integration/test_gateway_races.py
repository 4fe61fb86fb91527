"""Concurrent forwarded calls on several server threads (run under ThreadSanitizer by
script/sanitize): boto3 clients on 8 threads call DynamoDB (decided and forwarded on the
connections' threads, over keep-alive upstream connections that pass from one connection's
thread to another's) and S3 (streamed by the gateway's workers) through a gateway with
--threads 3 in front of moto_server. Every call answers, and what each thread wrote reads back.
"""

import threading
import unittest
import uuid

from support import cases
from support.gateway import NO_MOTO, ModuleMoto, boto, make_table, policy
from support.moto import available as moto_available

MOTO = ModuleMoto("moto-gateway-races")
THREADS = 8
CALLS = 25


def tearDownModule():
    MOTO.stop()


class GatewayRaces(cases.ServerCase):
    auth = "enforce"

    @classmethod
    def setUpClass(cls):
        if not moto_available():
            raise unittest.SkipTest(NO_MOTO)
        cls.extra_args = ("--threads", "3", "--upstream", MOTO.get().url)
        super().setUpClass()

    def test_concurrent_calls_all_answer(self):
        tag = uuid.uuid4().hex[:8]
        table, bucket = f"races-{tag}", f"races-{tag}"
        root_dynamodb = boto(self.server.url, cases.ROOT, "dynamodb")
        make_table(root_dynamodb, table)
        boto(self.server.url, cases.ROOT, "s3").create_bucket(Bucket=bucket)
        user, creds = self.prep_user_with_key(f"racer-{tag}")
        self.prep("iam", "PutUserPolicy", UserName=user["UserName"], PolicyName="both",
                  PolicyDocument=policy(["dynamodb:PutItem", "dynamodb:GetItem", "s3:PutObject",
                                         "s3:GetObject"], "*"))
        failures = []

        def work(n):
            try:
                dynamodb = boto(self.server.url, creds, "dynamodb")
                s3 = boto(self.server.url, creds, "s3")
                for i in range(CALLS):
                    key = f"{n}-{i}"
                    dynamodb.put_item(TableName=table, Item={"k": {"S": key}, "v": {"S": key}})
                    got = dynamodb.get_item(TableName=table, Key={"k": {"S": key}})
                    if got["Item"]["v"]["S"] != key:
                        failures.append(f"{key}: read {got['Item']}")
                    if i % 5 == 0:
                        s3.put_object(Bucket=bucket, Key=key, Body=key.encode() * 1000)
                        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                        if body != key.encode() * 1000:
                            failures.append(f"{key}: object of {len(body)} bytes")
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(f"thread {n}: {e!r}")

        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
