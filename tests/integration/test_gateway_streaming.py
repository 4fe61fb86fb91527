"""The gateway's transport (issue 19) end to end against a real `moto_server`: S3 bodies stream
through localiam both ways (`aws s3 cp` of a 50 MB file up and down with the aws CLI v2),
presigned URLs are verified (expiry included) and forwarded, aws-chunked uploads are decoded with
their chunk signatures checked (a tampered one is refused and the object never reaches moto), a
body whose sha256 does not match its x-amz-content-sha256 is refused and not created, framing
that could smuggle a request is refused, and `--upstream SERVICE=URL` sends one service elsewhere.

These classes run in enforce as the root (so signatures, chunk signatures included, are checked
and every mapped operation is allowed), with `--gateway-unmapped allow` but for the class that
checks an operation the catalogue does not map.
"""

import datetime
import hashlib
import hmac
import http.client
import os
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from support import cases, clients, config, gateway, moto
from support.clients import Creds

REGION = config.REGION
NO_MOTO = gateway.NO_MOTO
EMPTY_SHA = hashlib.sha256(b"").hexdigest()

_moto = gateway.ModuleMoto("moto-gateway-streaming")


def upstream():
    return _moto.get()


def tearDownModule():
    _moto.stop()


def s3_client(url, creds=cases.ROOT):
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        "s3", endpoint_url=url, region_name=REGION, aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key,
        config=Config(retries={"max_attempts": 0}, s3={"addressing_style": "path"},
                      read_timeout=120, signature_version="s3v4"))


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_head(method, host, path, headers, payload_hash, creds=cases.ROOT, query=""):
    """Header-signed S3 request head whose payload hash is `payload_hash` (what the header says);
    `query` is the canonical query string. Returns (headers, signing key, seed signature, amz
    date, scope)."""
    amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = dict(headers, Host=host, **{"X-Amz-Date": amz_date,
                                      "X-Amz-Content-Sha256": payload_hash})
    lowered = sorted((k.lower(), str(v).strip()) for k, v in out.items())
    signed = ";".join(k for k, _ in lowered)
    canonical = "\n".join([method, path, query, "".join(f"{k}:{v}\n" for k, v in lowered), signed,
                           payload_hash])
    scope = f"{amz_date[:8]}/{REGION}/s3/aws4_request"
    key = _hmac(("AWS4" + creds.secret_key).encode(), amz_date[:8])
    for part in (REGION, "s3", "aws4_request"):
        key = _hmac(key, part)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    out["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
                            f"SignedHeaders={signed}, Signature={signature}")
    return out, key, signature, amz_date, scope


def signed_chunks(data, key, seed, amz_date, scope, chunk=65536, tamper_at=None):
    """The STREAMING-AWS4-HMAC-SHA256-PAYLOAD body of `data`; chunk number `tamper_at` gets a
    wrong signature."""
    body, previous, pieces = b"", seed, [data[i:i + chunk] for i in range(0, len(data), chunk)]
    for n, piece in enumerate(pieces + [b""]):
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous, EMPTY_SHA,
                             hashlib.sha256(piece).hexdigest()])
        previous = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        sent = previous if n != tamper_at else "0" * 64
        body += f"{len(piece):x};chunk-signature={sent}\r\n".encode() + piece + b"\r\n"
    return body


class StreamingCase(cases.ServerCase):
    auth = "enforce"
    more_args = ("--gateway-unmapped", "allow")

    @classmethod
    def setUpClass(cls):
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.moto = upstream()
        cls.extra_args = ("--upstream", cls.moto.url) + cls.more_args
        super().setUpClass()
        cls.host = cls.server.url.split("//", 1)[1]
        cls.s3 = s3_client(cls.server.url)
        cls.direct = s3_client(cls.moto.url, Creds("test", "test"))

    def put_raw(self, path, headers, body):
        host, port = self.host.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request("PUT", path, body=body, headers=headers)
            res = conn.getresponse()
            return res.status, res.read().decode(errors="replace")
        finally:
            conn.close()

    def in_moto(self, bucket, key):
        from botocore.exceptions import ClientError
        try:
            return self.direct.get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError as e:
            if e.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return None
            raise


class GatewayStreaming(StreamingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3.create_bucket(Bucket="stream")

    def test_aws_cli_copies_50_mb_up_and_down(self):
        cli = clients.discover()[0].get("cli_v2")
        if not cli:
            self.skipTest("no AWS CLI v2")
        data = os.urandom(1 << 20) * 50
        with tempfile.TemporaryDirectory() as tmp:
            src, back = os.path.join(tmp, "up.bin"), os.path.join(tmp, "down.bin")
            with open(src, "wb") as f:
                f.write(data)
            env = cli.env(cases.ROOT)
            for args in (["s3", "cp", src, "s3://stream/big.bin"],
                         ["s3", "cp", "s3://stream/big.bin", back]):
                run = subprocess.run([cli.executable, "--endpoint-url", self.server.url] + args,
                                     env=env, capture_output=True, text=True, timeout=300)
                self.assertEqual(run.returncode, 0, run.stderr)
            with open(back, "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).digest(), hashlib.sha256(data).digest())
        head = self.direct.head_object(Bucket="stream", Key="big.bin")
        self.assertEqual(head["ContentLength"], len(data))

    def test_boto3_put_and_get_stream_through(self):
        data = os.urandom(3 << 20)
        self.s3.put_object(Bucket="stream", Key="boto.bin", Body=data)
        self.assertEqual(self.in_moto("stream", "boto.bin"), data)
        self.assertEqual(self.s3.get_object(Bucket="stream", Key="boto.bin")["Body"].read(), data)
        self.assertEqual(self.s3.head_object(Bucket="stream", Key="boto.bin")["ContentLength"],
                         len(data))

    def test_presigned_get_is_verified_and_forwarded(self):
        self.s3.put_object(Bucket="stream", Key="a key+with/odd chars.txt", Body=b"presigned!")
        url = self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": "stream", "Key": "a key+with/odd chars.txt"},
            ExpiresIn=60)
        with urllib.request.urlopen(url, timeout=30) as res:
            self.assertEqual(res.read(), b"presigned!")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url.replace("X-Amz-Signature=", "X-Amz-Signature=0"),
                                   timeout=30)
        self.assertEqual(caught.exception.code, 403)
        self.assertIn(b"SignatureDoesNotMatch", caught.exception.read())

    def test_an_expired_presigned_url_is_refused(self):
        url = self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": "stream", "Key": "whatever"}, ExpiresIn=1)
        time.sleep(2.2)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=30)
        self.assertEqual(caught.exception.code, 403)
        text = caught.exception.read()
        self.assertIn(b"<Code>AccessDenied</Code>", text)
        self.assertIn(b"Request has expired", text)

    def test_signed_chunks_are_verified(self):
        data = os.urandom(200_000)
        for tamper_at, key in ((None, "chunked-ok.bin"), (1, "chunked-bad.bin"),
                               (4, "chunked-bad-last.bin")):
            path = f"/stream/{key}"
            headers = {"Content-Encoding": "aws-chunked",
                       "X-Amz-Decoded-Content-Length": str(len(data))}
            head, skey, seed, amz_date, scope = signed_head(
                "PUT", self.host, path, headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
            body = signed_chunks(data, skey, seed, amz_date, scope, tamper_at=tamper_at)
            head["Content-Length"] = str(len(body))
            status, text = self.put_raw(path, head, body)
            with self.subTest(tamper_at=tamper_at):
                if tamper_at is None:
                    self.assertEqual(status, 200, text)
                    self.assertEqual(self.in_moto("stream", key), data)
                else:
                    self.assertEqual(status, 403, text)
                    self.assertIn("<Code>SignatureDoesNotMatch</Code>", text)
                    self.assertIsNone(self.in_moto("stream", key))

    def test_unsigned_chunks_with_a_trailer(self):
        data = b"hello trailer " * 10_000
        pieces = [data[i:i + 65536] for i in range(0, len(data), 65536)]
        body = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in pieces)
        import base64
        import zlib
        crc = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
        body += f"0\r\nx-amz-checksum-crc32:{crc}\r\n\r\n".encode()
        headers = {"Content-Encoding": "aws-chunked", "X-Amz-Trailer": "x-amz-checksum-crc32",
                   "X-Amz-Decoded-Content-Length": str(len(data))}
        head, *_ = signed_head("PUT", self.host, "/stream/trailer.bin", headers,
                               "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        head["Content-Length"] = str(len(body))
        status, text = self.put_raw("/stream/trailer.bin", head, body)
        self.assertEqual(status, 200, text)
        self.assertEqual(self.in_moto("stream", "trailer.bin"), data)

    def test_a_body_that_does_not_match_its_sha256_is_refused_and_not_created(self):
        data = os.urandom(300_000)
        head, *_ = signed_head("PUT", self.host, "/stream/mismatch.bin", {},
                               hashlib.sha256(b"something else").hexdigest())
        head["Content-Length"] = str(len(data))
        status, text = self.put_raw("/stream/mismatch.bin", head, data)
        self.assertEqual(status, 400, text)
        self.assertIn("<Code>XAmzContentSHA256Mismatch</Code>", text)
        self.assertIsNone(self.in_moto("stream", "mismatch.bin"))
        # The same body with its own hash goes through.
        head, *_ = signed_head("PUT", self.host, "/stream/match.bin", {},
                               hashlib.sha256(data).hexdigest())
        head["Content-Length"] = str(len(data))
        self.assertEqual(self.put_raw("/stream/match.bin", head, data)[0], 200)
        self.assertEqual(self.in_moto("stream", "match.bin"), data)

    def test_ambiguous_framing_is_refused(self):
        head, *_ = signed_head("PUT", self.host, "/stream/smuggled.bin", {}, "UNSIGNED-PAYLOAD")
        lines = [f"PUT /stream/smuggled.bin HTTP/1.1"] + [f"{k}: {v}" for k, v in head.items()]
        for framing in (["Content-Length: 5", "Transfer-Encoding: chunked"],
                        ["Transfer-Encoding: chunked"]):
            body = b"5\r\nhello\r\n0\r\n\r\n" if len(framing) == 2 else b"zz\r\nhello\r\n0\r\n\r\n"
            raw = ("\r\n".join(lines + framing) + "\r\n\r\n").encode() + body
            host, port = self.host.split(":")
            with socket.create_connection((host, int(port)), timeout=30) as s:
                s.sendall(raw)
                answer = b""
                while True:
                    got = s.recv(65536)
                    if not got:
                        break
                    answer += got
            with self.subTest(framing=framing):
                self.assertFalse(answer.startswith(b"HTTP/1.1 200"), answer[:200])
                self.assertIsNone(self.in_moto("stream", "smuggled.bin"))


class GatewayUnmappedDenied(StreamingCase):
    """Without --gateway-unmapped allow, enforce refuses an S3 operation the catalogue does not
    map (RenameObject, S3 Express's), even for the root, naming it."""
    more_args = ()

    def test_unmapped_s3_is_refused(self):
        # Sent by hand: Debian's botocore predates RenameObject.
        host = f"127.0.0.1:{self.server.port}"
        headers, *_ = signed_head("PUT", host, "/nowhere/k", {"x-amz-rename-source": "nowhere/old"},
                                  EMPTY_SHA, query="renameObject=")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request("PUT", "/nowhere/k?renameObject", headers=headers)
            answer = conn.getresponse()
            status, body = answer.status, answer.read().decode()
        finally:
            conn.close()
        self.assertEqual(status, 403, body)
        self.assertIn("<Code>AccessDenied</Code>", body)
        self.assertIn("not mapped", body)
        self.assertIn("RenameObject", body)


class GatewayPerServiceUpstream(StreamingCase):
    """--upstream s3=URL sends S3 to moto while the default upstream is down."""

    @classmethod
    def setUpClass(cls):
        cls.dead = f"http://127.0.0.1:{moto.free_port()}"
        if not moto.available():
            raise unittest.SkipTest(NO_MOTO)
        cls.more_args = ("--gateway-unmapped", "allow", "--upstream", f"s3={upstream().url}",
                         "--upstream", cls.dead)
        super().setUpClass()

    def test_s3_goes_to_its_own_upstream(self):
        self.s3.create_bucket(Bucket="per-service")
        self.s3.put_object(Bucket="per-service", Key="k", Body=b"v")
        self.assertEqual(self.in_moto("per-service", "k"), b"v")
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        ddb = boto3.session.Session().client(
            "dynamodb", endpoint_url=self.server.url, region_name=REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 0}))
        with self.assertRaises(ClientError) as caught:
            ddb.list_tables()
        error = caught.exception.response["Error"]
        self.assertEqual(error["Code"], "ServiceUnavailable")
        self.assertIn(self.dead, error["Message"])


class GatewayUpstreamFlags(unittest.TestCase):
    def test_bad_values_are_named(self):
        for args, expected in (
                (["--upstream", "S3=http://127.0.0.1:1"], "--upstream S3=http://127.0.0.1:1"),
                (["--upstream", "s3=https://x:1"], "--upstream s3=…: must be an http:// URL"),
                (["--gateway-unmapped", "maybe"], "--gateway-unmapped must be allow or deny")):
            run = subprocess.run([config.BINARY] + args + ["--port", "0", "--data", ":memory:"],
                                 capture_output=True, text=True, timeout=30)
            with self.subTest(args=args):
                self.assertNotEqual(run.returncode, 0)
                self.assertIn(expected, run.stderr)


if __name__ == "__main__":
    unittest.main()
