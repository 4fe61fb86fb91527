"""The gateway's operation catalogue end to end (issue 19): localiam with --upstream in front of a
real `moto_server`, in enforce mode, driven by boto3 and the aws CLI v2.

A user allowed s3:GetObject/s3:PutObject on bucket-a/* and s3:ListBucket on bucket-a writes,
reads, heads and lists there (ListObjectsV2 is authorised as s3:ListBucket on the bucket) and is
refused on bucket-b with S3's AccessDenied (403) naming the action and the object's ARN, path
style and virtual-host style (the bucket in Host, forwarded path style); an SQS
send is allowed on one queue and refused on another (the queue from QueueUrl), through boto3
(SQS's JSON protocol) and the CLI (its Query protocol, through server/aws_route); an SNS publish,
which boto3 sends in the Query protocol, is allowed on one topic and refused on another; a Lambda
call is refused naming lambda:InvokeFunction on the function's ARN. In a versioned bucket, reading
or copying a named version needs s3:GetObjectVersion besides s3:GetObject. Skipped when
moto_server is not on PATH.
"""

import hashlib
import http.client
import json
import unittest
from urllib.parse import urlparse

import test_gateway
from support import clients, config, sigv4
from support.clients import AwsError
from test_gateway import GatewayCase, denied, policy

ACCOUNT = config.ACCOUNT
REGION = config.REGION


def tearDownModule():
    test_gateway.tearDownModule()


def statement(actions, resources):
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


class GatewayServices(GatewayCase):
    auth = "enforce"
    tag = "svc"

    def assertS3Refused(self, call, message):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            call()
        response = caught.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403, response)
        self.assertEqual(response["Error"]["Code"], "AccessDenied", response)
        self.assertEqual(response["Error"]["Message"], message)

    def test_s3_a_named_version_needs_the_version_actions(self):
        bucket = "svc-versioned"
        root = self.via_localiam("s3")
        root.create_bucket(Bucket=bucket)
        root.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        first = root.put_object(Bucket=bucket, Key="doc", Body=b"one")["VersionId"]
        root.put_object(Bucket=bucket, Key="doc", Body=b"two")
        user, creds = self.prep_user_with_key("svc-versions")
        objects = f"arn:aws:s3:::{bucket}/*"
        self.prep("iam", "PutUserPolicy", UserName="svc-versions", PolicyName="p",
                  PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                      statement(["s3:GetObject", "s3:PutObject"], objects)]}))
        s3 = self.via_localiam("s3", creds)
        self.assertEqual(s3.get_object(Bucket=bucket, Key="doc")["Body"].read(), b"two")
        arn = user["Arn"]
        self.assertS3Refused(
            lambda: s3.get_object(Bucket=bucket, Key="doc", VersionId=first),
            denied(arn, "s3:GetObjectVersion", f"arn:aws:s3:::{bucket}/doc"))
        self.assertS3Refused(
            lambda: s3.copy_object(Bucket=bucket, Key="copy",
                                   CopySource={"Bucket": bucket, "Key": "doc", "VersionId": first}),
            denied(arn, "s3:GetObjectVersion", f"arn:aws:s3:::{bucket}/doc"))
        self.prep("iam", "PutUserPolicy", UserName="svc-versions", PolicyName="versions",
                  PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                      statement("s3:GetObjectVersion", objects)]}))
        self.assertEqual(
            s3.get_object(Bucket=bucket, Key="doc", VersionId=first)["Body"].read(), b"one")
        s3.copy_object(Bucket=bucket, Key="copy",
                       CopySource={"Bucket": bucket, "Key": "doc", "VersionId": first})
        self.assertEqual(s3.get_object(Bucket=bucket, Key="copy")["Body"].read(), b"one")

    def test_s3_user_reads_writes_and_lists_bucket_a_only(self):
        a, b = "svc-bucket-a", "svc-bucket-b"
        root = self.via_localiam("s3")
        root.create_bucket(Bucket=a)
        root.create_bucket(Bucket=b)
        user, creds = self.prep_user_with_key("svc-s3")
        document = {"Version": "2012-10-17", "Statement": [
            statement(["s3:GetObject", "s3:PutObject"], f"arn:aws:s3:::{a}/*"),
            statement("s3:ListBucket", f"arn:aws:s3:::{a}")]}
        self.prep("iam", "PutUserPolicy", UserName="svc-s3", PolicyName="p",
                  PolicyDocument=json.dumps(document))
        s3 = self.via_localiam("s3", creds)
        s3.put_object(Bucket=a, Key="dir/one.txt", Body=b"hello")
        self.assertEqual(s3.get_object(Bucket=a, Key="dir/one.txt")["Body"].read(), b"hello")
        self.assertEqual(s3.head_object(Bucket=a, Key="dir/one.txt")["ContentLength"], 5)
        listed = s3.list_objects_v2(Bucket=a, Prefix="dir/")
        self.assertEqual([o["Key"] for o in listed["Contents"]], ["dir/one.txt"])
        # Really in moto.
        self.assertEqual(self.via_moto("s3").get_object(Bucket=a, Key="dir/one.txt")["Body"]
                         .read(), b"hello")
        arn = user["Arn"]
        self.assertS3Refused(lambda: s3.put_object(Bucket=b, Key="x.txt", Body=b"no"),
                             denied(arn, "s3:PutObject", f"arn:aws:s3:::{b}/x.txt"))
        self.assertS3Refused(lambda: s3.get_object(Bucket=b, Key="x.txt"),
                             denied(arn, "s3:GetObject", f"arn:aws:s3:::{b}/x.txt"))
        self.assertS3Refused(lambda: s3.list_objects_v2(Bucket=b),
                             denied(arn, "s3:ListBucket", f"arn:aws:s3:::{b}"))
        self.assertNotIn("Contents", self.via_moto("s3").list_objects_v2(Bucket=b))
        # CopyObject needs GetObject on the source too: from bucket-b it is refused on the source.
        self.via_moto("s3").put_object(Bucket=b, Key="src.txt", Body=b"b")
        self.assertS3Refused(
            lambda: s3.copy_object(Bucket=a, Key="copy.txt", CopySource=f"{b}/src.txt"),
            denied(arn, "s3:GetObject", f"arn:aws:s3:::{b}/src.txt"))
        s3.copy_object(Bucket=a, Key="copy.txt", CopySource=f"{a}/dir/one.txt")
        self.assertEqual(s3.get_object(Bucket=a, Key="copy.txt")["Body"].read(), b"hello")
        # Until a bucket policy on bucket-b grants the user: then it reads there (same account:
        # the identity policy or the bucket policy may allow), and the change applies at once
        # (PutBucketPolicy through localiam drops the cached policy).
        root.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": arn}, "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{b}/*"}]}))
        self.assertEqual(s3.get_object(Bucket=b, Key="src.txt")["Body"].read(), b"b")
        self.assertS3Refused(lambda: s3.put_object(Bucket=b, Key="x.txt", Body=b"no"),
                             denied(arn, "s3:PutObject", f"arn:aws:s3:::{b}/x.txt"))
        # An explicit deny in the bucket policy beats the identity policy's allow on bucket-a.
        root.put_bucket_policy(Bucket=a, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{a}/secret/*"}]}))
        self.via_moto("s3").put_object(Bucket=a, Key="secret/k", Body=b"s")
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as caught:
            s3.get_object(Bucket=a, Key="secret/k")
        self.assertIn("explicit deny in a resource-based policy",
                      caught.exception.response["Error"]["Message"])
        root.delete_bucket_policy(Bucket=a)
        self.assertEqual(s3.get_object(Bucket=a, Key="secret/k")["Body"].read(), b"s")

    def test_s3_virtual_host_style_names_the_bucket_from_host(self):
        # "bucket.localhost" may not resolve here: the request goes to the server's address with
        # the virtual host in its Host header, signed as an SDK would sign it.
        root = self.via_localiam("s3")
        root.create_bucket(Bucket="svc-vh-a")
        user, creds = self.user("svc-vh", policy("s3:GetObject", "arn:aws:s3:::svc-vh-a/*"))
        port = urlparse(self.server.url).port

        def get(bucket, path, query=""):
            empty = hashlib.sha256(b"").hexdigest()
            pairs = [tuple(p.split("=", 1)) for p in query.split("&") if p]
            headers = sigv4.sign("GET", f"{bucket}.localhost:{port}", path, pairs,
                                 {"x-amz-content-sha256": empty}, b"", creds.access_key,
                                 creds.secret_key, REGION, "s3")
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", path + ("?" + query if query else ""), headers=headers)
                answer = conn.getresponse()
                return answer.status, answer.read().decode("utf-8", "replace")
            finally:
                conn.close()

        status, body = get("svc-vh-b", "/dir/k.txt")
        self.assertEqual(status, 403, body)
        self.assertIn("<Code>AccessDenied</Code>", body)
        self.assertIn("<Message>" + denied(user["Arn"], "s3:GetObject",
                                           "arn:aws:s3:::svc-vh-b/dir/k.txt") + "</Message>",
                      body)
        # ListObjectsV2 on the virtual host is s3:ListBucket on the bucket.
        status, body = get("svc-vh-a", "/", "list-type=2")
        self.assertEqual(status, 403, body)
        self.assertIn(denied(user["Arn"], "s3:ListBucket", "arn:aws:s3:::svc-vh-a"), body)
        # Allowed: forwarded path style (the upstream's Host replaces the bucket's), and the
        # object that is really in moto comes back.
        root.put_object(Bucket="svc-vh-a", Key="dir/k.txt", Body=b"virtual")
        status, body = get("svc-vh-a", "/dir/k.txt")
        self.assertEqual((status, body), (200, "virtual"))
        self.prep("iam", "PutUserPolicy", UserName="svc-vh", PolicyName="list",
                  PolicyDocument=policy("s3:ListBucket", "arn:aws:s3:::svc-vh-a"))
        status, body = get("svc-vh-a", "/", "list-type=2")
        self.assertEqual(status, 200, body)
        self.assertIn("<Key>dir/k.txt</Key>", body)

    def test_s3_through_the_cli(self):
        drivers, _ = clients.discover()
        cli = drivers.get("cli_v2")
        if not cli:
            self.skipTest("no AWS CLI v2")
        a, b = "svc-cli-a", "svc-cli-b"
        root = self.via_localiam("s3")
        root.create_bucket(Bucket=a)
        root.create_bucket(Bucket=b)
        root.put_object(Bucket=a, Key="k.txt", Body=b"cli")
        root.put_object(Bucket=b, Key="k.txt", Body=b"cli")
        user, creds = self.user("svc-cli", policy(["s3:GetObject"], f"arn:aws:s3:::{a}/*"))
        got = cli.run(self.server.url, creds, "s3api", "HeadObject", {"Bucket": a, "Key": "k.txt"})
        self.assertEqual(got["ContentLength"], 3)
        with self.assertRaises(AwsError) as caught:
            cli.run(self.server.url, creds, "s3api", "HeadObject", {"Bucket": b, "Key": "k.txt"})
        # A HEAD answer has no body: the CLI says 403 without S3's code.
        self.assertIn("403", str(caught.exception))

    def test_sqs_send_allowed_on_one_queue_only(self):
        root = self.via_localiam("sqs")
        url_a = root.create_queue(QueueName="svc-qa")["QueueUrl"]
        url_b = root.create_queue(QueueName="svc-qb")["QueueUrl"]
        user, creds = self.user("svc-sqs", policy("sqs:SendMessage",
                                                  f"arn:aws:sqs:{REGION}:{ACCOUNT}:svc-qa"))
        sqs = self.via_localiam("sqs", creds)
        sqs.send_message(QueueUrl=url_a, MessageBody="hi")
        got = self.via_moto("sqs").receive_message(QueueUrl=url_a)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["hi"])
        # boto3 speaks SQS's JSON protocol since 2023 (AccessDeniedException, 400); Debian's
        # older one its Query protocol (AccessDenied, 403).
        json_protocol = sqs.meta.service_model.protocol == "json"
        self.assertRefused(lambda: sqs.send_message(QueueUrl=url_b, MessageBody="no"),
                           "AccessDeniedException" if json_protocol else "AccessDenied",
                           denied(user["Arn"], "sqs:SendMessage",
                                  f"arn:aws:sqs:{REGION}:{ACCOUNT}:svc-qb"),
                           400 if json_protocol else 403)
        # A queue policy on svc-qb granting the user lets the send through (set through
        # localiam: SetQueueAttributes drops the cached policy).
        root.set_queue_attributes(QueueUrl=url_b, Attributes={"Policy": json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sqs:SendMessage",
                 "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:svc-qb"}]})})
        sqs.send_message(QueueUrl=url_b, MessageBody="granted")
        got = self.via_moto("sqs").receive_message(QueueUrl=url_b)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["granted"])

    def test_sqs_through_the_cli_in_the_query_protocol(self):
        # This machine's CLI v2 (2.9) speaks SQS's Query protocol, which server/aws_route hands
        # to the gateway; newer ones speak its JSON protocol, as boto3 does above.
        drivers, _ = clients.discover()
        cli = drivers.get("cli_v2")
        if not cli:
            self.skipTest("no AWS CLI v2")
        root = self.via_localiam("sqs")
        url_a = root.create_queue(QueueName="svc-cli-qa")["QueueUrl"]
        url_b = root.create_queue(QueueName="svc-cli-qb")["QueueUrl"]
        user, creds = self.user("svc-cli-sqs", policy("sqs:SendMessage",
                                                      f"arn:aws:sqs:{REGION}:{ACCOUNT}:svc-cli-qa"))
        sent = cli.run(self.server.url, creds, "sqs", "SendMessage",
                       {"QueueUrl": url_a, "MessageBody": "via cli"})
        self.assertIn("MessageId", sent)
        got = self.via_moto("sqs").receive_message(QueueUrl=url_a)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["via cli"])
        with self.assertRaises(AwsError) as caught:
            cli.run(self.server.url, creds, "sqs", "SendMessage",
                    {"QueueUrl": url_b, "MessageBody": "no"})
        self.assertEqual(caught.exception.message,
                         denied(user["Arn"], "sqs:SendMessage",
                                f"arn:aws:sqs:{REGION}:{ACCOUNT}:svc-cli-qb"))

    def test_sns_publish_in_the_query_protocol(self):
        root = self.via_localiam("sns")
        topic_a = root.create_topic(Name="svc-ta")["TopicArn"]
        topic_b = root.create_topic(Name="svc-tb")["TopicArn"]
        user, creds = self.user("svc-sns", policy("sns:Publish", topic_a))
        sns = self.via_localiam("sns", creds)
        self.assertIn("MessageId", sns.publish(TopicArn=topic_a, Message="hi"))
        self.assertRefused(lambda: sns.publish(TopicArn=topic_b, Message="no"), "AccessDenied",
                           denied(user["Arn"], "sns:Publish", topic_b), 403)

    def test_lambda_invoke_is_refused_naming_the_function(self):
        user, creds = self.user("svc-lambda", policy("lambda:GetFunction", "*"))
        fn = self.via_localiam("lambda", creds)
        function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:svc-fn"
        from botocore.exceptions import ClientError
        for name in ("svc-fn", function):
            with self.assertRaises(ClientError) as caught:
                fn.invoke(FunctionName=name, Payload=b"{}")
            error = caught.exception.response["Error"]
            self.assertEqual(error["Code"], "AccessDeniedException")
            self.assertEqual(
                caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
            self.assertEqual(error["Message"],
                             denied(user["Arn"], "lambda:InvokeFunction", function))


if __name__ == "__main__":
    unittest.main()
