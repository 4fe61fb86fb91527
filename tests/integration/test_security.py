"""What localiam promises about secrets and its admin surface (README, "Security"): the admin
endpoints can be turned off or put behind a bearer token (health and the OIDC issuer's public
documents stay open); the data file and its WAL are created readable by the owner only; no
secret access key, session token, password or admin token appears in the log, even at debug
level; session tokens are long, unique, and bound to their access key.
"""

import http.client
import json
import os
import stat
import unittest

from support import clients
from support.server import LocalIam

ADMIN_TOKEN = "admin-token-for-the-test-0123456789"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
    "Action": "sts:AssumeRole"}]})


def request(server, method, path, token=None, body=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(), response.getheader("WWW-Authenticate")
    finally:
        conn.close()


class AdminAccessTests(unittest.TestCase):
    def start(self, name, *args):
        server = LocalIam(name, extra_args=list(args))
        self.addCleanup(server.kill)
        return server.start()

    def test_admin_token(self):
        server = self.start("AdminToken", "--admin-token", ADMIN_TOKEN)
        self.assertEqual(request(server, "GET", "/_localiam/health")[0], 200)
        self.assertEqual(request(server, "GET", "/_localiam/oidc/jwks")[0], 200)
        self.assertEqual(request(server, "GET", "/_localiam/oidc/.well-known/openid-configuration")[0],
                         200)
        for method, path in (("GET", "/_localiam/metrics"), ("GET", "/_localiam/state"),
                             ("POST", "/_localiam/reset"), ("GET", "/_localiam/clock"),
                             ("POST", "/_localiam/oidc/token")):
            status, _, challenge = request(server, method, path)
            self.assertEqual((status, challenge), (401, "Bearer"), f"{method} {path}")
            self.assertEqual(request(server, method, path, token="wrong")[0], 401)
            self.assertEqual(request(server, method, path, token=ADMIN_TOKEN[:-1])[0], 401)
        self.assertEqual(request(server, "GET", "/_localiam/metrics", token=ADMIN_TOKEN)[0], 200)
        self.assertEqual(request(server, "POST", "/_localiam/reset", token=ADMIN_TOKEN)[0], 200)
        # The AWS APIs are not affected.
        ident = clients.fast().call(server.url, clients.ROOT, "sts", "GetCallerIdentity")
        self.assertEqual(ident["Account"], "000000000000")
        server.stop()
        self.assertNotIn(ADMIN_TOKEN, open(server.log_path, encoding="utf-8").read())

    def test_admin_off(self):
        server = self.start("AdminOff", "--admin", "off")
        self.assertEqual(request(server, "GET", "/_localiam/health")[0], 200)
        for method, path in (("GET", "/_localiam/metrics"), ("GET", "/_localiam/state"),
                             ("POST", "/_localiam/reset"), ("POST", "/_localiam/oidc/token")):
            self.assertEqual(request(server, method, path, token=ADMIN_TOKEN)[0], 404, path)
        server.stop()


class SecretsTests(unittest.TestCase):
    def test_file_modes_and_logs(self):
        server = LocalIam("Secrets", auth="verify", root_keys=("AKIAROOTSECURITY0001", "root-secret-x9"),
                          extra_args=["--log-level", "debug"])
        self.addCleanup(server.kill)
        server.start()
        fast = clients.fast()
        root = clients.Creds("AKIAROOTSECURITY0001", "root-secret-x9")
        fast.call(server.url, root, "iam", "CreateUser", {"UserName": "sec"})
        key = fast.call(server.url, root, "iam", "CreateAccessKey", {"UserName": "sec"})["AccessKey"]
        user = clients.Creds(key["AccessKeyId"], key["SecretAccessKey"])
        fast.call(server.url, root, "iam", "CreateRole",
                  {"RoleName": "sec-role", "AssumeRolePolicyDocument": TRUST})
        secrets = [key["SecretAccessKey"], "root-secret-x9"]
        tokens = []
        for name in ("s1", "s2"):
            c = fast.call(server.url, user, "sts", "AssumeRole", {
                "RoleArn": "arn:aws:iam::000000000000:role/sec-role",
                "RoleSessionName": name})["Credentials"]
            session = clients.Creds(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
            fast.call(server.url, session, "sts", "GetCallerIdentity")
            secrets += [c["SecretAccessKey"], c["SessionToken"]]
            tokens.append(c)
        # Session tokens: long, distinct, and bound to their own key.
        self.assertGreaterEqual(len(tokens[0]["SessionToken"]), 100)
        self.assertNotEqual(tokens[0]["SessionToken"], tokens[1]["SessionToken"])
        swapped = clients.Creds(tokens[0]["AccessKeyId"], tokens[0]["SecretAccessKey"],
                                tokens[1]["SessionToken"])
        with self.assertRaises(clients.AwsError) as refused:
            fast.call(server.url, swapped, "sts", "GetCallerIdentity")
        self.assertEqual(refused.exception.code, "InvalidClientTokenId")
        # A failed signature with a known key must not log the secret either.
        with self.assertRaises(clients.AwsError):
            fast.call(server.url, clients.Creds(key["AccessKeyId"], "wrong-secret"), "sts",
                      "GetCallerIdentity")

        for suffix in ("", "-wal", "-shm"):
            path = server.data + suffix
            if os.path.exists(path):
                mode = stat.S_IMODE(os.stat(path).st_mode)
                self.assertEqual(mode & 0o077, 0, f"{path} is readable by others: {oct(mode)}")
        server.stop()
        log = open(server.log_path, encoding="utf-8").read()
        self.assertIn(key["AccessKeyId"], log)  # key ids are logged, secrets never
        for secret in secrets:
            self.assertNotIn(secret, log)


if __name__ == "__main__":
    unittest.main()
