"""Web identity tokens from an issuer other than localiam: the test runs an OpenID Connect
issuer over HTTPS on 127.0.0.1 (a self-signed certificate, a discovery document and a JWKS)
and signs RS256 tokens with its own key. localiam fetches the issuer's JWKS and verifies the
token; the issuer's TLS certificate is trusted through the provider's ThumbprintList (its
SHA-1 fingerprint), as AWS did for OIDC providers. A wrong thumbprint, a token signed by
another key, and an unknown key id each get AWS's error.
"""

import base64
import hashlib
import http.server
import json
import os
import ssl
import tempfile
import threading
import time
import unittest

from support import cases, certificates, config
from support.cases import ACCOUNT

if certificates.AVAILABLE:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

AUDIENCE = "sts.amazonaws.com"
KID = "remote-key-1"
NOT_VALIDATED = ("The web identity token that was passed could not be validated by AWS. Get a new "
                 "identity token from the identity provider and then retry the request.")
NO_KEY = ("Couldn't retrieve verification key from your identity provider,  please reference "
          "AssumeRoleWithWebIdentity documentation for requirements")
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Federated": "*"},
    "Action": "sts:AssumeRoleWithWebIdentity"}]})


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_b64url(value):
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class Issuer:
    """An HTTPS OpenID Connect issuer on 127.0.0.1 with one RSA signing key."""

    def __init__(self, directory):
        pki = certificates.Pki(directory)
        tls = pki.issue("127.0.0.1")
        self.thumbprint = hashlib.sha1(tls.certificate.public_bytes(
            serialization.Encoding.DER)).hexdigest()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.key.public_key().public_numbers()
        jwks = {"keys": [{"kty": "RSA", "kid": KID, "use": "sig", "alg": "RS256",
                          "n": int_b64url(numbers.n), "e": int_b64url(numbers.e)}]}
        documents = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = documents.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls.cert_file.path, tls.key_file.path)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        documents["/.well-known/openid-configuration"] = json.dumps(
            {"issuer": self.url, "jwks_uri": self.url + "/keys"}).encode()
        documents["/keys"] = json.dumps(jwks).encode()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def token(self, key=None, kid=KID, **claims):
        now = int(time.time())
        body = {"iss": self.url, "sub": "system:serviceaccount:default:app", "aud": AUDIENCE,
                "iat": now, "exp": now + 600, **claims}
        header = {"alg": "RS256", "typ": "JWT", "kid": kid}
        signing_input = (b64url(json.dumps(header).encode()) + "." +
                         b64url(json.dumps(body).encode())).encode()
        signature = (key or self.key).sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return signing_input.decode() + "." + b64url(signature)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class RemoteIssuerTests:
    @classmethod
    def setUpClass(cls):
        if not certificates.AVAILABLE:
            raise unittest.SkipTest("needs the cryptography module")
        super().setUpClass()
        cls.directory = tempfile.mkdtemp(dir=config.tmp_root())
        cls.issuer = Issuer(cls.directory)
        cls.addClassCleanup(cls.issuer.close)
        cls.provider = cls.prep("iam", "CreateOpenIDConnectProvider", Url=cls.issuer.url,
                                ClientIDList=[AUDIENCE],
                                ThumbprintList=["0" * 40])["OpenIDConnectProviderArn"]
        cls.role = cls.prep("iam", "CreateRole", RoleName="irsa",
                            AssumeRolePolicyDocument=TRUST)["Role"]

    def assume_error(self, message, token):
        self.expect_error("InvalidIdentityToken", message, "sts", "AssumeRoleWithWebIdentity",
                          {"RoleArn": self.role["Arn"], "RoleSessionName": "pod",
                           "WebIdentityToken": token})

    def test_tokens_from_another_issuer(self):
        # The issuer's certificate matches no thumbprint (and no system CA): no key.
        self.assume_error(NO_KEY, self.issuer.token())
        self.prep("iam", "UpdateOpenIDConnectProviderThumbprint",
                  OpenIDConnectProviderArn=self.provider,
                  ThumbprintList=[self.issuer.thumbprint.upper()])
        answer = self.sts("AssumeRoleWithWebIdentity", RoleArn=self.role["Arn"],
                          RoleSessionName="pod", WebIdentityToken=self.issuer.token())
        self.assertEqual(answer["SubjectFromWebIdentityToken"], "system:serviceaccount:default:app")
        self.assertEqual(answer["Provider"], self.provider)
        self.assertEqual(answer["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/irsa/pod")
        # Signed by another key under the same key id; an unknown key id.
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.assume_error(NOT_VALIDATED, self.issuer.token(key=other))
        self.assume_error(NO_KEY, self.issuer.token(kid="rotated-away"))


cases.per_client(RemoteIssuerTests, globals(), prefix="OidcRemoteIssuer")

if __name__ == "__main__":
    unittest.main()
