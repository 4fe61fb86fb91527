"""The wire, without any AWS client library: bad requests get AWS-shaped errors and
the server keeps serving; response shapes; URL-encoded policy documents; the admin
endpoints."""

import http.client
import json
import socket
import threading
import time
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlencode

from support import cases, config, sigv4
from support.cases import ACCOUNT

IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
ALLOW_LIST = {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def xml(self):
        return ET.fromstring(self.body)

    def __repr__(self):
        return f"HTTP {self.status} {self.body[:600]!r}"


class RawHttp(cases.ServerCase):
    auth = "open"

    # -- sending ---------------------------------------------------------------------

    def send(self, method="POST", path="/", body=b"", headers=None, query=None, timeout=30):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=timeout)
        try:
            url = path + ("?" + urlencode(query, quote_via=quote) if query else "")
            conn.request(method, url, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Response(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()

    def signed(self, params=None, body=None, service="iam", method="POST", query=None, creds=None):
        """Sends a SigV4-signed request. params: dict form-encoded into the body;
        body: raw bytes instead."""
        creds = creds or self.root
        if body is None:
            body = urlencode(params or {}, quote_via=quote).encode()
        headers = {"Content-Type": FORM} if method == "POST" else {}
        host = f"{self.server.host}:{self.server.port}"
        headers = sigv4.sign(method, host, "/", list((query or {}).items()), headers, body,
                             creds.access_key, creds.secret_key, config.REGION, service,
                             creds.session_token)
        return self.send(method, "/", body, headers, query)

    # -- checking ---------------------------------------------------------------------

    def assertAwsError(self, resp, code, status=None, message=None, ns=IAM_NS):
        """An AWS <ErrorResponse>: Error/Type, Error/Code, Error/Message, RequestId."""
        if status is None:
            self.assertTrue(400 <= resp.status < 500, f"expected a 4xx answer, got {resp}")
        else:
            self.assertEqual(resp.status, status, f"expected HTTP {status} {code}, got {resp}")
        self.assertTrue(resp.headers.get("content-type", "").startswith("text/xml"),
                        f"Content-Type {resp.headers.get('content-type')!r}, expected text/xml")
        try:
            root = resp.xml()
        except ET.ParseError as e:
            self.fail(f"error body is not XML ({e}): {resp}")
        self.assertEqual(root.tag, f"{{{ns}}}ErrorResponse", resp)
        error = root.find(f"{{{ns}}}Error")
        self.assertIsNotNone(error, resp)
        got_code = error.findtext(f"{{{ns}}}Code")
        if code is not None:
            self.assertEqual(got_code, code, resp)
        else:
            self.assertTrue(got_code, resp)
        self.assertEqual(error.findtext(f"{{{ns}}}Type"), "Sender" if resp.status < 500 else "Receiver", resp)
        if message is not None:
            self.assertEqual(error.findtext(f"{{{ns}}}Message"), message, resp)
        request_id = root.findtext(f"{{{ns}}}RequestId")
        self.assertRegex(request_id or "", r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", resp)
        return root

    # -- the admin endpoints ------------------------------------------------------------

    def test_health(self):
        status, doc, body = self.server.health()
        self.assertEqual(status, 200, body)
        self.assertIsInstance(doc, dict, body)
        self.assertIn("status", doc)

    def test_reset(self):
        self.assertEqual(self.signed({"Action": "CreateUser", "Version": "2010-05-08",
                                      "UserName": "to-be-reset"}).status, 200)
        self.assertEqual(self.signed({"Action": "CreatePolicy", "Version": "2010-05-08",
                                      "PolicyName": "ToBeReset",
                                      "PolicyDocument": json.dumps(ALLOW_LIST)}).status, 200)
        status, body = self.server.admin("POST", "/_localiam/reset")
        self.assertEqual(status, 200, body)
        users = self.prep("iam", "ListUsers")["Users"]
        self.assertNotIn("to-be-reset", [u["UserName"] for u in users])
        self.assertEqual(self.prep("iam", "ListPolicies", Scope="Local")["Policies"], [])
        # The AWS managed catalogue is part of the start state.
        self.prep("iam", "GetPolicy", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        self.assertServing()

    # -- bad requests ---------------------------------------------------------------------

    def test_missing_action(self):
        resp = self.signed({"Version": "2010-05-08"})
        self.assertAwsError(resp, "MissingAction", 400)
        self.assertServing()

    def test_invalid_action(self):
        resp = self.signed({"Action": "Frobnicate", "Version": "2010-05-08"})
        self.assertAwsError(resp, "InvalidAction", 400, "Could not find operation Frobnicate for version 2010-05-08")
        self.assertServing()

    def test_broken_form_body(self):
        for body in (b"%zz", b"Action=GetUser&Version=2010-05-08&UserName=%", b"Action=List%G1Users"):
            with self.subTest(body=body):
                resp = self.signed(body=body)
                self.assertAwsError(resp, None)
                self.assertServing()

    def test_ten_megabyte_body(self):
        size = 10 * 1024 * 1024
        status, raw = self.post_huge(size)
        self.assertEqual(status, 413, f"a {size}-byte body: expected 413, got {status} {raw[:300]!r}")
        self.assertServing()

    def test_truncated_authorization_header(self):
        body = b"Action=ListUsers&Version=2010-05-08"
        amz_date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        resp = self.send("POST", "/", body, {
            "Content-Type": FORM, "X-Amz-Date": amz_date,
            "Authorization": "AWS4-HMAC-SHA256 Credential=abc"})
        self.assertAwsError(resp, "IncompleteSignature", 400)
        self.assertServing()

    def test_short_non_arn_policy_arn(self):
        # "notanarn" is shorter than PolicyArn's model minimum (20), which botocore checks
        # client-side; sent raw, it fails that length constraint before any ARN check.
        self.prep("iam", "CreateGroup", GroupName="rawgroup")
        resp = self.signed({"Action": "AttachGroupPolicy", "Version": "2010-05-08",
                            "GroupName": "rawgroup", "PolicyArn": "notanarn"})
        self.assertAwsError(resp, "ValidationError", 400,
                            "1 validation error detected: Value at 'policyArn' failed to satisfy "
                            "constraint: Member must have length greater than or equal to 20")

    def post_huge(self, size):
        """POSTs `size` bytes while reading the answer concurrently (the server may
        answer before the body is sent). Returns (status, raw response)."""
        sock = socket.create_connection((self.server.host, self.server.port), timeout=60)
        try:
            head = (f"POST / HTTP/1.1\r\nHost: {self.server.host}:{self.server.port}\r\n"
                    f"Content-Type: {FORM}\r\nContent-Length: {size}\r\n\r\n").encode()
            sock.sendall(head)

            def send_body():
                chunk = b"Action=ListUsers&Version=2010-05-08&" + b"a" * (256 * 1024)
                sent = 0
                try:
                    while sent < size:
                        piece = chunk[:min(len(chunk), size - sent)]
                        sock.sendall(piece)
                        sent += len(piece)
                except OSError:
                    pass  # the server closed the connection after answering

            sender = threading.Thread(target=send_body, daemon=True)
            sender.start()
            raw = b""
            try:
                while b"\r\n\r\n" not in raw:
                    data = sock.recv(65536)
                    if not data:
                        break
                    raw += data
            except ConnectionResetError:
                pass
            sender.join(30)
        finally:
            sock.close()
        if not raw.startswith(b"HTTP/1."):
            self.fail(f"no HTTP answer to a {size}-byte body (connection closed or reset); got {raw[:200]!r}")
        return int(raw.split(b" ", 2)[1]), raw

    # -- well-formed requests ----------------------------------------------------------------

    def test_success_response_shape(self):
        resp = self.signed({"Action": "GetCallerIdentity", "Version": "2011-06-15"}, service="sts")
        self.assertEqual(resp.status, 200, resp)
        self.assertTrue(resp.headers.get("content-type", "").startswith("text/xml"), resp.headers)
        root = resp.xml()
        self.assertEqual(root.tag, f"{{{STS_NS}}}GetCallerIdentityResponse")
        result = root.find(f"{{{STS_NS}}}GetCallerIdentityResult")
        self.assertEqual(result.findtext(f"{{{STS_NS}}}Account"), ACCOUNT)
        self.assertEqual(result.findtext(f"{{{STS_NS}}}Arn"), f"arn:aws:iam::{ACCOUNT}:root")
        request_id = root.findtext(f"{{{STS_NS}}}ResponseMetadata/{{{STS_NS}}}RequestId")
        self.assertTrue(request_id, resp)
        self.assertEqual(resp.headers.get("x-amzn-requestid"), request_id)

    def test_error_response_shape(self):
        resp = self.signed({"Action": "GetUser", "Version": "2010-05-08", "UserName": "nobody"})
        self.assertAwsError(resp, "NoSuchEntity", 404, "The user with name nobody cannot be found.")
        self.assertTrue(resp.headers.get("x-amzn-requestid"), resp.headers)

    def test_get_with_query_string(self):
        resp = self.signed(method="GET", service="sts", body=b"",
                           query={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(resp.xml().tag, f"{{{STS_NS}}}GetCallerIdentityResponse")

    def test_policy_document_comes_back_url_encoded(self):
        with open(config.fixture("policy.json"), encoding="utf-8") as f:
            text = f.read()
        resp = self.signed({"Action": "CreatePolicy", "Version": "2010-05-08",
                            "PolicyName": "EncodedDoc", "PolicyDocument": text})
        self.assertEqual(resp.status, 200, resp)
        arn = f"arn:aws:iam::{ACCOUNT}:policy/EncodedDoc"
        resp = self.signed({"Action": "GetPolicyVersion", "Version": "2010-05-08",
                            "PolicyArn": arn, "VersionId": "v1"})
        self.assertEqual(resp.status, 200, resp)
        document = resp.xml().findtext(f".//{{{IAM_NS}}}Document")
        self.assertIsNotNone(document, resp)
        self.assertNotIn("{", document, "AWS URL-encodes policy documents (RFC 3986)")
        self.assertNotIn("+", document, "spaces are %20, never +")
        self.assertEqual(unquote(document), text, "the document comes back exactly as sent")

    def test_keep_alive(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            for _ in range(3):
                body = b"Action=GetCallerIdentity&Version=2011-06-15"
                headers = sigv4.sign("POST", f"{self.server.host}:{self.server.port}", "/", [],
                                     {"Content-Type": FORM}, body, "test", "test", config.REGION, "sts")
                conn.request("POST", "/", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                self.assertEqual(resp.status, 200)
                self.assertNotEqual((resp.getheader("Connection") or "").lower(), "close")
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
