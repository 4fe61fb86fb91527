"""What a newcomer meets first, against the real binary and real clients: GET / answers a
page (HTML, or JSON for Accept: application/json); requests meant for other services (S3,
SQS, KMS) get an error in that service's protocol that the client prints, saying localiam
serves IAM and STS; a server listening beyond loopback without --admin-token warns at start
and in its health answer; the OIDC issuer is --public-url (default http://HOST:PORT) whatever
Host the client used, and its discovery document lists only endpoints that answer; a web
identity token with a trailing newline is logged with the reason; `localiam health` against
something that is not localiam prints one line."""

import http.client
import http.server
import json
import os
import subprocess
import threading
import unittest
import urllib.request

from support import cases, clients, config
from support.clients import AwsError, Creds
from support.server import LocalIam

SERVES = "localiam serves IAM and STS only, not "


def get(server, path, headers=None, host=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        headers = dict(headers or {})
        if host:
            headers["Host"] = host
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type"), resp.read().decode()
    finally:
        conn.close()


class FirstContactTests(cases.ServerCase):
    def test_landing_page(self):
        status, kind, body = get(self.server, "/", {"Accept": "text/html"})
        self.assertEqual(status, 200)
        self.assertTrue(kind.startswith("text/html"), kind)
        self.assertIn("<h1>localiam ", body)
        self.assertIn(self.server.data, body)
        self.assertIn('<a href="/_localiam/health">', body)
        self.assertIn('<a href="/_localiam/state">', body)
        status, kind, body = get(self.server, "/", {"Accept": "application/json"})
        self.assertEqual(status, 200)
        self.assertEqual(kind, "application/json")
        doc = json.loads(body)
        self.assertEqual(doc["service"], "localiam")
        self.assertEqual(doc["auth"], "open")
        self.assertEqual(doc["data"], self.server.data)
        self.assertEqual(doc["endpoint"], self.server.url)
        self.assertIn("/_localiam/reset", [e["path"] for e in doc["endpoints"]])
        _, health, _ = self.server.health()
        self.assertEqual(doc["version"], health["version"])
        self.assertEqual(health["admin"], "open")
        self.assertNotIn("warning", health)
        # An AWS request to "/" still reaches IAM.
        result = clients.fast().call(self.server.url, cases.ROOT, "sts", "GetCallerIdentity")
        self.assertEqual(result["Account"], config.ACCOUNT)

    def test_other_services_through_boto3(self):
        fast = clients.fast()
        for service, op, code in (("s3", "ListBuckets", "NotImplemented"),
                                  ("sqs", "ListQueues", None),
                                  ("kms", "ListKeys", "UnknownOperationException")):
            with self.subTest(service=service):
                with self.assertRaises(AwsError) as caught:
                    fast.call(self.server.url, cases.ROOT, service, op)
                if code:
                    self.assertEqual(caught.exception.code, code)
                self.assertTrue(caught.exception.message.startswith(SERVES + service),
                                caught.exception.message)

    def test_other_services_through_the_cli(self):
        drivers = [d for d in clients.available() if d.kind == "cli"]
        if not drivers:
            self.skipTest("no AWS CLI")
        for driver in drivers:
            for argv, service in ((["s3", "ls"], "s3"), (["sqs", "list-queues"], "sqs"),
                                  (["kms", "list-keys"], "kms")):
                with self.subTest(cli=driver.name, command=" ".join(argv)):
                    proc = subprocess.run(
                        [driver.executable] + argv + ["--endpoint-url", self.server.url],
                        env=driver.env(cases.ROOT), capture_output=True, text=True, timeout=120,
                        stdin=subprocess.DEVNULL)
                    self.assertNotEqual(proc.returncode, 0)
                    self.assertIn("An error occurred (", proc.stderr)
                    self.assertIn(SERVES + service, proc.stderr)
                    self.assertNotIn("MissingAction", proc.stderr)

    def test_issuer_is_the_public_url_whatever_the_host(self):
        issuers = set()
        for host in (f"127.0.0.1:{self.server.port}", f"localhost:{self.server.port}",
                     "example.test"):
            status, _, body = get(self.server, "/.well-known/openid-configuration", host=host)
            self.assertEqual(status, 200)
            doc = json.loads(body)
            issuers.add(doc["issuer"])
            self.assertNotIn("authorization_endpoint", doc)
        self.assertEqual(issuers, {self.server.url + "/_localiam/oidc"})
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        conn.request("POST", "/_localiam/oidc/token", body=json.dumps({"sub": "a", "aud": "b"}),
                     headers={"Host": "localhost"})
        self.assertEqual(json.loads(conn.getresponse().read())["issuer"],
                         self.server.url + "/_localiam/oidc")
        conn.close()

    def test_health_command_against_something_else(self):
        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"<html>\n<body>\n<h1>Not here</h1>\n" + b"<p>filler</p>\n" * 50 + b"</body></html>\n"
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        other = http.server.HTTPServer(("127.0.0.1", 0), Page)
        thread = threading.Thread(target=other.serve_forever, daemon=True)
        thread.start()
        try:
            proc = subprocess.run([config.BINARY, "health", "--port", str(other.server_port)],
                                  capture_output=True, text=True, timeout=30)
        finally:
            other.shutdown()
            other.server_close()
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(len(proc.stdout.strip().splitlines()), 1, proc.stdout)
        self.assertIn("is not localiam", proc.stdout)


class PublicUrlAndExposureTests(unittest.TestCase):
    def test_public_url_names_the_issuer(self):
        server = LocalIam("PublicUrl", data=":memory:",
                          extra_args=["--public-url", "http://iam.test:4566/"]).start()
        try:
            status, _, body = get(server, "/_localiam/oidc/.well-known/openid-configuration")
            self.assertEqual(json.loads(body)["issuer"], "http://iam.test:4566/_localiam/oidc")
            _, _, page = get(server, "/", {"Accept": "application/json"})
            self.assertEqual(json.loads(page)["endpoint"], "http://iam.test:4566")
        finally:
            server.stop()

    def test_listening_beyond_loopback_without_a_token_warns(self):
        server = LocalIam("Exposed", data=":memory:", extra_args=["--host", "0.0.0.0"])
        server.start()
        try:
            server.host = "127.0.0.1"
            status, health, _ = server.health()
            self.assertEqual(status, 200)
            self.assertEqual(health["admin"], "open")
            self.assertIn("GET /_localiam/state", health["warning"])
            self.assertIn("WARNING: the server listens beyond loopback", server._new_log())
        finally:
            server.stop()
        server = LocalIam("NotExposed", data=":memory:",
                          extra_args=["--host", "0.0.0.0", "--admin-token", "s3cret"]).start()
        try:
            server.host = "127.0.0.1"
            _, health, _ = server.health()
            self.assertEqual(health["admin"], "token")
            self.assertNotIn("warning", health)
            self.assertNotIn("WARNING", server._new_log())
        finally:
            server.stop()


class TokenNewlineTests(cases.ServerCase):
    def test_a_token_file_with_a_newline_is_explained_in_the_log(self):
        issuer = self.server.url + "/_localiam/oidc"
        self.prep("iam", "CreateOpenIDConnectProvider", Url=issuer, ClientIDList=["sts.amazonaws.com"],
                  ThumbprintList=["0" * 40])
        resource = issuer.split("://", 1)[1]
        role = self.prep("iam", "CreateRole", RoleName="web", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{config.ACCOUNT}:oidc-provider/{resource}"},
                "Action": "sts:AssumeRoleWithWebIdentity"}]}))["Role"]
        status, raw = self.server.admin("POST", "/_localiam/oidc/token",
                                        json.dumps({"sub": "me", "aud": "sts.amazonaws.com"}))
        token = json.loads(raw)["token"]
        path = os.path.join(self.server.workdir, "token")
        subprocess.run(["bash", "-c", 'echo "$TOKEN" > "$FILE"'], check=True,
                       env=dict(os.environ, TOKEN=token, FILE=path))
        drivers = [d for d in clients.available() if d.kind == "cli"]
        if not drivers:
            self.skipTest("no AWS CLI")
        with self.assertRaises(AwsError) as caught:
            drivers[0].call(self.server.url, cases.ROOT, "sts", "AssumeRoleWithWebIdentity",
                            {"RoleArn": role["Arn"], "RoleSessionName": "ci",
                             "WebIdentityToken": clients.File(path)})
        self.assertEqual(caught.exception.code, "InvalidIdentityToken")
        self.assertIn("the WebIdentityToken ends with white space (a newline?)", self.server._new_log())
        # The same token without the newline works.
        with open(path, "w") as f:
            f.write(token)
        result = drivers[0].call(self.server.url, cases.ROOT, "sts", "AssumeRoleWithWebIdentity",
                                 {"RoleArn": role["Arn"], "RoleSessionName": "ci",
                                  "WebIdentityToken": clients.File(path)})
        self.assertIn("Credentials", result)


if __name__ == "__main__":
    unittest.main()
