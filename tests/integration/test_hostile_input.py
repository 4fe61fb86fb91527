"""Hostile requests, each with the answer it must get, against a server in `verify` mode:
NUL and control bytes and invalid UTF-8 in names and documents, deeply nested and huge
policy JSON, parameter lists with 100,000 members, duplicated parameters, names that
look like SQL or XML, path traversal, replayed signatures outside the 15-minute window,
signatures for another service or region, a session token from another key, a deleted
user's key, an Inactive key and tokens after expiry. After each: every answer is a
well-formed AWS error (or a clean HTTP 4xx), the server answers its health check, and its
resident memory settles (repeating the request does not make it grow).

Malformed HTTP (oversized or slow requests, broken chunked encoding, idle connections) is in
test_hostile_connections.py; the plainer malformed requests are in test_raw_http.py.
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import time
import unittest
from urllib.parse import quote, urlencode

from support import cases, config, hostile, sigv4
from support.clients import Creds
from support.raw_client import FORM, Answer, RawClient
from support.server import LocalIam

ACCOUNT = config.ACCOUNT
INACTIVE = Creds("AKIAHOSTILEINACTIVE1", "inactive-secret-key-0123456789abcdefghij")
DOC = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": "sts:AssumeRole"}]}
INVALID_KEY = "The security token included in the request is invalid."
INVALID_TOKEN = "The security token included in the request is invalid"
EXPIRED = "The security token included in the request is expired"
SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you "
                      "provided. Check your AWS Secret Access Key and signing method. Consult the "
                      "service documentation for details.")
USER_NAME_PATTERN = ("1 validation error detected: Value at 'userName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
DOCUMENT_PATTERN = ("1 validation error detected: Value at 'policyDocument' failed to satisfy "
                    "constraint: Member must satisfy regular expression pattern: "
                    "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+")
AMZ_DATE = r"\d{8}T\d{6}Z"


def form(pairs):
    """Form-encodes (key, value) pairs; values may be bytes (sent as they are, escaped)."""
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs).encode()


class HostileInput(cases.ServerCase):
    @classmethod
    def setUpClass(cls):
        unittest.TestCase.setUpClass()
        workdir = os.path.join(config.tmp_root(), cls.__name__)
        os.makedirs(workdir, exist_ok=True)
        seed = os.path.join(workdir, "seed.json")
        with open(seed, "w") as f:
            json.dump({"accounts": [{"id": ACCOUNT, "users": [{"name": "dormant", "access_keys": [
                {"id": INACTIVE.access_key, "secret": INACTIVE.secret_key, "status": "Inactive"}]}]}]}, f)
        cls.server = LocalIam(cls.__name__, auth="verify", root_keys=("test", "test"),
                              extra_args=["--seed", seed])
        cls.addClassCleanup(cls.server.kill)
        cls.server.start()
        cls.client = RawClient(cls.server.host, cls.server.port)
        cls.addClassCleanup(cls.client.close)
        cls.check_memory = not hostile.sanitized(cls.server.proc.pid)
        for _ in range(20):  # warm up the allocator and the caches
            cls.client.call("iam", "ListUsers", {})
        cls.baseline_mib = hostile.rss_mib(cls.server.proc.pid)

    # -- helpers -----------------------------------------------------------------------------

    def call(self, action, params=None, service="iam", creds=None):
        return self.client.call(service, action, params, creds=creds)

    def post(self, body, service="iam", creds=None, now=None, path="/", region=None):
        """POSTs a raw form body, signed."""
        creds = creds or self.root
        headers = sigv4.sign("POST", f"{self.server.host}:{self.server.port}", path, [],
                             {"Content-Type": FORM}, body, creds.access_key, creds.secret_key,
                             region or config.REGION, service, creds.session_token, now=now)
        return self.send("POST", path, body, headers, service)

    def send(self, method, path, body, headers, service="iam"):
        """Sends a request as it is; the answer is read in `service`'s XML namespace (IAM's for
        a service that is neither IAM nor STS)."""
        return Answer(service if service in ("iam", "sts") else "iam",
                      *self.client.send(method, path, body, headers))

    def assertError(self, answer, status, code, message=None, pattern=None):
        """A well-formed AWS error: the status, the code, and the message (exactly, or matching
        the regular expression `pattern`)."""
        self.assertIsNotNone(answer.root, f"the answer is not well-formed XML: {answer}")
        self.assertEqual((answer.status, answer.code), (status, code), answer)
        if message is not None:
            self.assertEqual(answer.message, message, answer)
        if pattern is not None:
            self.assertRegex(answer.message or "", pattern, answer)

    def assertOk(self, answer):
        self.assertEqual(answer.status, 200, answer)
        self.assertIsNotNone(answer.root, f"the answer is not well-formed XML: {answer}")
        return answer

    def assertSettles(self, hostile_call, repeats=3):
        """Runs hostile_call() once, then `repeats` more times: the server stays up and its
        resident memory does not keep growing, nor stray far from where it started."""
        hostile_call()
        self.assertServing()
        if not self.check_memory:
            return
        pid = self.server.proc.pid
        first = hostile.rss_mib(pid)
        for _ in range(repeats):
            hostile_call()
        self.assertServing()
        last = hostile.rss_mib(pid)
        self.assertLess(last - first, 16, f"RSS grew from {first:.0f} to {last:.0f} MiB over "
                                          f"{repeats} repetitions")
        self.assertLess(last, self.baseline_mib + 32,
                        f"RSS {last:.0f} MiB, {self.baseline_mib:.0f} MiB after start")

    def make_user_with_key(self, name):
        self.assertOk(self.call("CreateUser", {"UserName": name}))
        key = self.assertOk(self.call("CreateAccessKey", {"UserName": name}))
        return Creds(key.find("AccessKey/AccessKeyId"), key.find("AccessKey/SecretAccessKey"))

    def assume(self, role, session):
        """Assumes `role` as the user "assumer" (roles may not be assumed by the root)."""
        if not hasattr(self, "assumer"):
            type(self).assumer = self.make_user_with_key("assumer")
        answer = self.assertOk(self.call("AssumeRole", creds=self.assumer, params={
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/{role}", "RoleSessionName": session,
            "DurationSeconds": "900"}, service="sts"))
        return Creds(answer.find("Credentials/AccessKeyId"), answer.find("Credentials/SecretAccessKey"),
                     answer.find("Credentials/SessionToken"))

    # -- bytes that do not belong ------------------------------------------------------------

    def test_nul_and_control_bytes_in_names(self):
        def attempt():
            for name in ("a\x00b", "\x00", "a\x01b", "tab\tname", "a\x7fb"):
                self.assertError(self.call("CreateUser", {"UserName": name}), 400, "ValidationError",
                                 USER_NAME_PATTERN)
            self.assertError(self.call("CreateUser", {"UserName": "nul-path", "Path": "/a\x00b/"}),
                             400, "ValidationError",
                             "1 validation error detected: Value at 'path' failed to satisfy constraint: "
                             "Member must satisfy regular expression pattern: "
                             "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")
            self.assertError(self.call("CreatePolicy", {"PolicyName": "NulDoc",
                                                        "PolicyDocument": json.dumps(DOC)[:-2] + "\x00]}"}),
                             400, "ValidationError", DOCUMENT_PATTERN)
            self.assertError(self.call("CreateRole", {"RoleName": "nul-desc", "Description": "a\x00b",
                                                      "AssumeRolePolicyDocument": json.dumps(TRUST)}),
                             400, "ValidationError",
                             "1 validation error detected: Value at 'description' failed to satisfy "
                             "constraint: Member must satisfy regular expression pattern: "
                             "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*")
        self.assertSettles(attempt)
        self.assertError(self.call("GetUser", {"UserName": "nul-path"}), 404, "NoSuchEntity")

    def test_invalid_utf8_in_names_documents_and_tags(self):
        bad_doc = json.dumps(DOC).replace("s3:GetObject", "s3:Get\udcffObject")

        def raw(value):  # the UTF-8 text with lone \udcXX turned back into the raw byte XX
            return value.encode("utf-8", "surrogateescape")

        def attempt():
            for name in (b"a\xffb", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"):
                body = b"Action=CreateUser&Version=2010-05-08&UserName=" + quote(name, safe="").encode()
                self.assertError(self.post(body), 400, "ValidationError", USER_NAME_PATTERN)
            body = form([("Action", "CreatePolicy"), ("Version", "2010-05-08"),
                         ("PolicyName", "BadUtf8"), ("PolicyDocument", raw(bad_doc))])
            self.assertError(self.post(body), 400, "ValidationError", DOCUMENT_PATTERN)
            body = form([("Action", "CreateUser"), ("Version", "2010-05-08"), ("UserName", "utf8-tags"),
                         ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", b"\xff\xfe")])
            self.assertError(self.post(body), 400, "ValidationError",
                             "1 validation error detected: Value at 'tags.1.member.value' failed to "
                             "satisfy constraint: Member must satisfy regular expression pattern: "
                             "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")
        self.assertSettles(attempt)
        self.assertError(self.call("GetUser", {"UserName": "utf8-tags"}), 404, "NoSuchEntity")

    def test_invalid_utf8_in_session_tags(self):
        """STS session tags that are not well-formed UTF-8 (a surrogate, overlong forms, a code
        point above U+10FFFF) fail the tag pattern, as IAM's tags do; each byte comes back as
        U+FFFD."""
        creds = self.make_user_with_key("utf8-session-tagger")
        for raw_value in (b"a\xed\xa0\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80"):
            with self.subTest(value=raw_value):
                body = form([("Action", "GetFederationToken"), ("Version", "2011-06-15"),
                             ("Name", "tagger"), ("Tags.member.1.Key", "team"),
                             ("Tags.member.1.Value", raw_value)])
                shown = raw_value.decode("ascii", "replace")  # one U+FFFD a byte
                self.assertError(
                    self.post(body, service="sts", creds=creds), 400, "ValidationError",
                    f"1 validation error detected: Value '{shown}' at 'tags.1.member.value' failed "
                    "to satisfy constraint: Member must satisfy regular expression pattern: "
                    "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")
        self.assertServing()

    def test_bytes_echoed_in_error_messages_keep_the_xml_well_formed(self):
        """Error messages quote parts of the request; bytes that are not UTF-8 come back as
        U+FFFD and control characters are left out, so every client can parse the answer."""
        sts_arn = f"arn:aws:iam::{ACCOUNT}:role/nobody"
        cases_ = [
            (b"Action=Get%FFUser&Version=2010-05-08", "iam", 400, "InvalidAction",
             "Could not find operation Get\ufffdUser for version 2010-05-08"),
            (b"Action=Nope&Version=2010%C0%AF", "iam", 400, "InvalidAction",
             "Could not find operation Nope for version 2010\ufffd\ufffd"),
            (b"Action=Get%00%01User&Version=2010-05-08", "iam", 400, "InvalidAction",
             "Could not find operation GetUser for version 2010-05-08"),
            (b"Action=AssumeRole&Version=2011-06-15&RoleArn=" + quote(sts_arn, safe="").encode()
             + b"&RoleSessionName=a%ED%A0%80b", "sts", 400, "ValidationError",
             "1 validation error detected: Value 'a\ufffd\ufffd\ufffdb' at 'roleSessionName' failed to "
             "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
            (b"Action=GetPolicy&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3A" + ACCOUNT.encode()
             + b"%3Apolicy%2F%FFxxxxxxxxxx", "iam", 404, "NoSuchEntity",
             f"Policy arn:aws:iam::{ACCOUNT}:policy/\ufffdxxxxxxxxxx was not found."),
        ]
        for body, service, status, code, message in cases_:
            with self.subTest(body=body):
                self.assertError(self.post(body, service=service), status, code, message)
        self.assertServing()

    # -- big and deep ------------------------------------------------------------------------

    def test_deeply_nested_and_huge_policy_json(self):
        def attempt():
            for text in ("[" * 100000, '{"a":' * 26000, "[" * 60000 + "]" * 60000,
                         '{"Version":"2012-10-17","Statement":' + "[" * 50000 + "]" * 50000 + "}"):
                self.assertError(self.call("CreatePolicy", {"PolicyName": "Deep", "PolicyDocument": text}),
                                 400, "MalformedPolicyDocument", "Syntax errors in policy.")
                self.assertError(self.call("CreateRole", {"RoleName": "deep", "AssumeRolePolicyDocument": text}),
                                 400, "MalformedPolicyDocument", "This policy contains invalid Json")
            huge = json.dumps(dict(DOC, Statement=[dict(DOC["Statement"][0], Resource="a" * 200000)]))
            self.assertError(self.call("CreatePolicy", {"PolicyName": "Huge", "PolicyDocument": huge}),
                             400, "ValidationError",
                             "1 validation error detected: Value at 'policyDocument' failed to satisfy "
                             "constraint: Member must have length less than or equal to 131072")
            many = json.dumps(dict(DOC, Statement=[dict(DOC["Statement"][0], Sid=f"S{i}") for i in range(1500)]))
            self.assertError(self.call("CreatePolicy", {"PolicyName": "Many", "PolicyDocument": many}),
                             409, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144")
        self.assertSettles(attempt)
        self.assertError(self.call("GetPolicy", {"PolicyArn": f"arn:aws:iam::{ACCOUNT}:policy/Deep"}),
                         404, "NoSuchEntity")

    def test_lists_with_100000_members(self):
        def attempt():
            started = time.monotonic()
            # An unknown list parameter is ignored, however long.
            self.assertOk(self.call("ListUsers", [(f"X.member.{i}", "") for i in range(1, 100001)]))
            # 80,000 tags (as many as fit in the 2 MB body limit): every problem is reported.
            answer = self.call("CreateUser", [("UserName", "many-tags")] +
                               [(f"Tags.member.{i}.Key", "k") for i in range(1, 80001)])
            self.assertError(answer, 400, "ValidationError",
                             pattern=r"^80001 validation errors detected: Value at 'tags' failed to satisfy "
                                     r"constraint: Member must have length less than or equal to 50; ")
            # A member index no list could reach is not a member.
            self.assertOk(self.call("CreateUser", {"UserName": "huge-index", "Tags.member.1.Key": "a",
                                                   "Tags.member.1.Value": "b",
                                                   "Tags.member.99999999999999999999999.Key": "c",
                                                   "Tags.member.18446744073709551617.Key": "d"}))
            tags = self.assertOk(self.call("ListUserTags", {"UserName": "huge-index"}))
            self.assertEqual(tags.findall("Tags/member/Key"), ["a"])
            self.assertLess(time.monotonic() - started, 60, "lists of 100,000 members took too long")
            self.call("UntagUser", {"UserName": "huge-index", "TagKeys.member.1": "a"})
            self.call("DeleteUser", {"UserName": "huge-index"})
        self.assertSettles(attempt, repeats=2)
        self.assertError(self.call("GetUser", {"UserName": "many-tags"}), 404, "NoSuchEntity")

    def test_duplicated_parameters_keep_the_first_value(self):
        def attempt():
            self.assertOk(self.call("CreateUser", [("UserName", "first"), ("UserName", "second")]))
            self.assertOk(self.call("GetUser", {"UserName": "first"}))
            self.assertError(self.call("GetUser", {"UserName": "second"}), 404, "NoSuchEntity")
            # Action and Version twice: the first of each decides.
            body = form([("Action", "DeleteUser"), ("Version", "2010-05-08"), ("Action", "CreateUser"),
                         ("Version", "2011-06-15"), ("UserName", "first")])
            self.assertOk(self.post(body))
            self.assertError(self.call("GetUser", {"UserName": "first"}), 404, "NoSuchEntity")
            # The same key 50,000 times.
            self.assertOk(self.call("ListUsers", [("PathPrefix", "/")] * 50000))
        self.assertSettles(attempt)

    # -- strings that look like code ---------------------------------------------------------

    def test_names_that_look_like_sql_or_xml(self):
        for name in ("a'; DROP TABLE users;--", "x' OR '1'='1", "<User>", "a&b", "]]>"):
            self.assertError(self.call("CreateUser", {"UserName": name}), 400, "ValidationError",
                             USER_NAME_PATTERN)
        # Paths and descriptions accept these characters: they are stored and returned as sent.
        paths = {"sqlpath": "/';DROP_TABLE_users;--/", "xmlpath": "/<x>&amp;]]><!--/",
                 "likepath": "/a_c%/", "dots": "/../../etc/"}
        for name, path in paths.items():
            created = self.assertOk(self.call("CreateUser", {"UserName": name, "Path": path}))
            self.assertEqual(created.find("User/Path"), path)
            self.assertEqual(created.find("User/Arn"), f"arn:aws:iam::{ACCOUNT}:user{path}{name}")
            self.assertEqual(self.assertOk(self.call("GetUser", {"UserName": name})).find("User/Path"), path)
        description = "</Description><Injected>x</Injected>]]>&amp;'\";-- DROP TABLE roles"
        self.assertOk(self.call("CreateRole", {"RoleName": "xml-role", "Description": description,
                                               "AssumeRolePolicyDocument": json.dumps(TRUST)}))
        role = self.assertOk(self.call("GetRole", {"RoleName": "xml-role"}))
        self.assertEqual(role.find("Role/Description"), description)
        self.assertIsNone(role.find("Injected"))
        # PathPrefix matches literally: LIKE's wildcards are not wildcards.
        self.assertOk(self.call("CreateUser", {"UserName": "abc-user", "Path": "/abc/"}))
        for prefix, expected in (("/a_", ["likepath"]), ("/a_c", ["likepath"]), ("/_bc", []), ("/%", []), ("/'", ["sqlpath"]),
                                 ("/<x>", ["xmlpath"]), ("/ab", ["abc-user"])):
            listed = self.assertOk(self.call("ListUsers", {"PathPrefix": prefix}))
            self.assertEqual(listed.findall("Users/member/UserName"), expected, prefix)
        listed = self.assertOk(self.call("ListUsers", {})).findall("Users/member/UserName")
        for name in list(paths) + ["abc-user"]:
            self.assertIn(name, listed)
        self.assertServing()

    def test_path_traversal(self):
        host = f"{self.server.host}:{self.server.port}"
        for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                     "/_localiam/../../../etc/passwd", "/_localiam/health/../../../../etc/passwd",
                     "/_localiam/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
                     "//etc/passwd", "/_localiam/state/../../../../proc/self/environ"):
            with self.subTest(path=path):
                raw = hostile.raw_exchange(self.server.host, self.server.port,
                                           f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
                                           "Connection: close\r\n\r\n".encode())
                status = hostile.status_of(raw)
                self.assertIsNotNone(status, raw[:300])
                self.assertTrue(400 <= status < 500, raw[:300])
                self.assertNotIn(b"root:", raw)
                self.assertNotIn(b"PATH=", raw)
        # A correctly signed AWS request to such a path is an AWS request like any other.
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        answer = self.post(body, service="sts", path="/../../etc/passwd")
        self.assertNotIn(b"root:", answer.body)
        self.assertIsNotNone(answer.root, answer)
        self.assertServing()

    # -- signatures and credentials ----------------------------------------------------------

    def test_replayed_signature_outside_the_window(self):
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        now = datetime.datetime.now(datetime.timezone.utc)
        old = now - datetime.timedelta(minutes=20)
        self.assertOk(self.post(body, service="sts", now=now - datetime.timedelta(minutes=10)))
        stamp = old.strftime("%Y%m%dT%H%M%SZ")
        self.assertError(self.post(body, service="sts", now=old), 403, "SignatureDoesNotMatch",
                         pattern=rf"^Signature expired: {stamp} is now earlier than ({AMZ_DATE}) "
                                 rf"\({AMZ_DATE} - 15 min\.\)$")
        future = now + datetime.timedelta(minutes=20)
        stamp = future.strftime("%Y%m%dT%H%M%SZ")
        self.assertError(self.post(body, service="sts", now=future), 403, "SignatureDoesNotMatch",
                         pattern=rf"^Signature not yet current: {stamp} is still later than {AMZ_DATE} "
                                 rf"\({AMZ_DATE} \+ 15 min\.\)$")
        # The same request bytes, captured 20 minutes ago and sent again.
        headers = sigv4.sign("POST", f"{self.server.host}:{self.server.port}", "/", [], {"Content-Type": FORM},
                             body, "test", "test", config.REGION, "sts", now=old)
        for _ in range(3):
            self.assertError(self.send("POST", "/", body, headers, "sts"), 403, "SignatureDoesNotMatch",
                             pattern=r"^Signature expired: ")
        # A presigned URL dated 20 minutes ago, whatever its X-Amz-Expires says.
        self.assertError(self.presigned_get(old, expires=3600), 403, "SignatureDoesNotMatch",
                         pattern=r"^Signature expired: ")
        self.assertOk(self.presigned_get(now, expires=60))
        self.assertServing()

    def presigned_get(self, when, expires):
        amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        scope = f"{amz_date[:8]}/{config.REGION}/sts/aws4_request"
        params = [("Action", "GetCallerIdentity"), ("Version", "2011-06-15"),
                  ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", f"test/{scope}"),
                  ("X-Amz-Date", amz_date), ("X-Amz-Expires", str(expires)), ("X-Amz-SignedHeaders", "host")]
        host = f"{self.server.host}:{self.server.port}"
        canonical = "\n".join(["GET", "/", sigv4.canonical_query(params), f"host:{host}\n", "host",
                               hashlib.sha256(b"").hexdigest()])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4test").encode()
        for part in (amz_date[:8], config.REGION, "sts", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        params.append(("X-Amz-Signature", hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()))
        return self.send("GET", "/?" + urlencode(params, quote_via=quote), b"", {"Host": host}, "sts")

    def test_signature_for_another_service_or_region(self):
        body = b"Action=ListUsers&Version=2010-05-08"
        # Scoped to another service: refused with AWS's sentence (and its trailing space).
        answer = self.post(body, service="s3")
        self.assertError(answer, 403, "SignatureDoesNotMatch",
                         "Credential should be scoped to correct service: 'iam'. ")
        # The scope names the service (one endpoint serves both): an STS action signed for IAM
        # is an unknown IAM operation.
        answer = self.post(b"Action=GetCallerIdentity&Version=2011-06-15", service="iam")
        self.assertError(answer, 400, "InvalidAction",
                         "Could not find operation GetCallerIdentity for version 2011-06-15")
        # Signed for one region or service, then relabelled as another: the signature no
        # longer matches.
        host = f"{self.server.host}:{self.server.port}"
        for signed_as, relabel in ((("us-west-2", "iam"), ("us-east-1", "iam")),
                                   (("us-east-1", "sts"), ("us-east-1", "iam"))):
            headers = sigv4.sign("POST", host, "/", [], {"Content-Type": FORM}, body, "test", "test",
                                 signed_as[0], signed_as[1])
            headers["Authorization"] = headers["Authorization"].replace(
                f"/{signed_as[0]}/{signed_as[1]}/", f"/{relabel[0]}/{relabel[1]}/")
            self.assertError(self.send("POST", "/", body, headers), 403, "SignatureDoesNotMatch",
                             SIGNATURE_MISMATCH)
        # A region that is no region.
        answer = self.post(body, region="Mars_1")
        self.assertError(answer, 403, "SignatureDoesNotMatch",
                         "Credential should be scoped to a valid region, not 'Mars_1'. ")
        self.assertServing()

    def test_session_token_from_another_key(self):
        self.assertOk(self.call("CreateRole", {"RoleName": "hostile-role",
                                               "AssumeRolePolicyDocument": json.dumps(TRUST)}))
        first = self.assume("hostile-role", "first")
        second = self.assume("hostile-role", "second")
        self.assertOk(self.call("GetCallerIdentity", service="sts", creds=first))
        swapped = first._replace(session_token=second.session_token)
        self.assertError(self.call("GetCallerIdentity", service="sts", creds=swapped), 403,
                         "InvalidClientTokenId", INVALID_TOKEN)
        # A long-term key (a user's, or the root's) sent with a session token is refused too.
        thief = self.make_user_with_key("token-thief")
        self.assertOk(self.call("GetCallerIdentity", service="sts", creds=thief))
        for creds in (thief._replace(session_token=first.session_token),
                      Creds("test", "test", first.session_token)):
            self.assertError(self.call("GetCallerIdentity", service="sts", creds=creds), 403,
                             "InvalidClientTokenId", INVALID_TOKEN)
            self.assertError(self.call("ListUsers", creds=creds), 403, "InvalidClientTokenId",
                             INVALID_TOKEN)
        self.assertServing()

    def test_deleted_users_key(self):
        creds = self.make_user_with_key("leaver")
        self.assertOk(self.call("GetCallerIdentity", service="sts", creds=creds))
        self.assertOk(self.call("DeleteAccessKey", {"UserName": "leaver", "AccessKeyId": creds.access_key}))
        self.assertOk(self.call("DeleteUser", {"UserName": "leaver"}))
        for service, action in (("sts", "GetCallerIdentity"), ("iam", "ListUsers"), ("iam", "CreateUser")):
            self.assertError(self.call(action, {"UserName": "x"} if action == "CreateUser" else {},
                                       service=service, creds=creds),
                             403, "InvalidClientTokenId", INVALID_KEY)
        # A new user of the same name does not inherit the old key.
        self.assertOk(self.call("CreateUser", {"UserName": "leaver"}))
        self.assertError(self.call("GetCallerIdentity", service="sts", creds=creds), 403,
                         "InvalidClientTokenId", INVALID_KEY)
        self.assertServing()

    def test_inactive_key(self):
        keys = self.assertOk(self.call("ListAccessKeys", {"UserName": "dormant"}))
        self.assertEqual(keys.findall("AccessKeyMetadata/member/Status"), ["Inactive"])
        for service, action in (("sts", "GetCallerIdentity"), ("iam", "ListUsers"),
                                ("sts", "GetSessionToken")):
            self.assertError(self.call(action, {}, service=service, creds=INACTIVE), 403,
                             "InvalidClientTokenId", INVALID_KEY)
        # The right secret or a wrong one: the same answer, so nothing is learnt about the secret.
        wrong = INACTIVE._replace(secret_key="x" * 40)
        self.assertError(self.call("GetCallerIdentity", {}, service="sts", creds=wrong), 403,
                         "InvalidClientTokenId", INVALID_KEY)
        self.assertServing()

    def test_tokens_after_expiry(self):
        self.assertOk(self.call("CreateRole", {"RoleName": "expiring-role",
                                               "AssumeRolePolicyDocument": json.dumps(TRUST)}))
        session = self.assume("expiring-role", "short")
        user = self.make_user_with_key("expiring-user")
        token = self.assertOk(self.call("GetSessionToken", {"DurationSeconds": "900"}, service="sts",
                                        creds=user))
        token_creds = Creds(token.find("Credentials/AccessKeyId"), token.find("Credentials/SecretAccessKey"),
                            token.find("Credentials/SessionToken"))
        self.assertOk(self.call("GetCallerIdentity", service="sts", creds=session))
        self.addCleanup(self.server.admin, "DELETE", "/_localiam/clock")
        status, body = self.server.admin("POST", "/_localiam/clock", json.dumps({"advance_seconds": 901}))
        self.assertEqual(status, 200, body)
        for creds in (session, token_creds):
            for service, action in (("sts", "GetCallerIdentity"), ("iam", "ListUsers"), ("sts", "AssumeRole")):
                params = ({"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/expiring-role", "RoleSessionName": "again"}
                          if action == "AssumeRole" else {})
                self.assertError(self.call(action, params, service=service, creds=creds), 403,
                                 "ExpiredToken", EXPIRED)
            # A wrong signature is not checked before expiry: still ExpiredToken.
            self.assertError(self.call("GetCallerIdentity", service="sts",
                                       creds=creds._replace(secret_key="y" * 40)),
                             403, "ExpiredToken", EXPIRED)
        # The user's long-term key does not expire.
        self.assertOk(self.call("GetCallerIdentity", service="sts", creds=user))
        self.assertServing()


if __name__ == "__main__":
    unittest.main()
